package conformance

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// The JUnit XML schema most CI servers read (testsuites › testsuite › testcase with failure or
// skipped).
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Name    string       `xml:"name,attr"`
	Tests   int          `xml:"tests,attr"`
	Fails   int          `xml:"failures,attr"`
	Skipped int          `xml:"skipped,attr"`
	Time    string       `xml:"time,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Fails     int         `xml:"failures,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// WriteJUnit writes the report as JUnit XML: one testsuite per family (ACC, BAL, …), one testcase
// per case, named by its id, with each failure's message and the exchange it concerns.
func WriteJUnit(w io.Writer, r *Report) error {
	pass, fail, skip := r.Counts()
	out := junitSuites{Name: "Bank Connect conformance", Tests: pass + fail + skip, Fails: fail, Skipped: skip, Time: seconds(r.Duration)}
	idx := map[string]int{}
	spent := map[string]time.Duration{}
	for _, res := range r.Results {
		f := family(res.ID)
		spent[f] += res.Duration
		i, ok := idx[f]
		if !ok {
			i = len(out.Suites)
			idx[f] = i
			out.Suites = append(out.Suites, junitSuite{Name: f, Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05")})
		}
		s := &out.Suites[i]
		jc := junitCase{Name: res.ID + " " + res.Title, Classname: "bankconnect." + f, Time: seconds(res.Duration)}
		switch res.Status {
		case Fail:
			var text strings.Builder
			for _, fl := range res.Failures {
				text.WriteString(fl.Message + "\n")
				if fl.Exchange >= 0 && fl.Exchange < len(res.Exchanges) {
					writeExchange(&text, res.Exchanges[fl.Exchange])
				}
			}
			jc.Failure = &junitFailure{Message: clip(res.Failures[0].Message, 500), Text: text.String()}
			s.Fails++
		case Skip:
			jc.Skipped = &junitSkipped{Message: res.SkipReason}
			s.Skipped++
		}
		s.Tests++
		s.Cases = append(s.Cases, jc)
	}
	for f, i := range idx {
		out.Suites[i].Time = seconds(spent[f])
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// writeExchange writes a request and its answer as text.
func writeExchange(w io.StringWriter, x Exchange) {
	w.WriteString("> " + x.Method + " " + x.URL + "\n")
	for k, vs := range x.RequestHeader {
		for _, v := range vs {
			w.WriteString("> " + k + ": " + v + "\n")
		}
	}
	if x.RequestBody != "" {
		w.WriteString("> \n> " + clip(x.RequestBody, 4000) + "\n")
	}
	if x.Error != "" {
		w.WriteString("< error: " + x.Error + "\n")
		return
	}
	w.WriteString(fmt.Sprintf("< %d\n", x.Status))
	for k, vs := range x.ResponseHeader {
		for _, v := range vs {
			w.WriteString("< " + k + ": " + v + "\n")
		}
	}
	w.WriteString("< \n< " + clip(x.ResponseBody, 4000) + "\n")
}
