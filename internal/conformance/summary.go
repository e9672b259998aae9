package conformance

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// family is the group of a case id: ACC, BAL, TXN, … PIS.
func family(id string) string {
	f, _, _ := strings.Cut(id, "-")
	return f
}

// WriteSummary writes a table of passed, failed and skipped cases per family, then one line per
// failure or skip with its reason.
func WriteSummary(w io.Writer, r *Report) error {
	type counts struct{ pass, fail, skip int }
	var order []string
	per := map[string]*counts{}
	for _, res := range r.Results {
		f := family(res.ID)
		if per[f] == nil {
			per[f] = &counts{}
			order = append(order, f)
		}
		switch res.Status {
		case Pass:
			per[f].pass++
		case Fail:
			per[f].fail++
		default:
			per[f].skip++
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "family\tcases\tpass\tfail\tskip\t")
	for _, f := range order {
		c := per[f]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", f, c.pass+c.fail+c.skip, c.pass, c.fail, c.skip)
	}
	pass, fail, skip := r.Counts()
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t\n", len(r.Results), pass, fail, skip)
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, res := range r.Results {
		switch res.Status {
		case Fail:
			for _, f := range res.Failures {
				fmt.Fprintf(w, "FAIL %s (%s): %s\n", res.ID, strings.Join(res.Operations, ", "), f.Message)
			}
		case Skip:
			fmt.Fprintf(w, "SKIP %s (%s): %s\n", res.ID, strings.Join(res.Operations, ", "), res.SkipReason)
		}
	}
	pct := 0.0
	if len(r.Results) > 0 {
		pct = 100 * float64(pass) / float64(len(r.Results))
	}
	_, err := fmt.Fprintf(w, "%d of %d cases passed (%.1f %%) against %s in %s\n", pass, len(r.Results), pct, r.Target, r.Duration.Round(1e6))
	return err
}
