package conformance

import (
	"context"
	"fmt"
	"time"
)

// Report is the outcome of a run.
type Report struct {
	Target   string        `json:"target"`
	ASPSPID  string        `json:"aspspId"`
	UserID   string        `json:"userId"`
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration"`
	Results  []Result      `json:"results"`
}

// Counts returns how many cases passed, failed and were skipped.
func (r *Report) Counts() (pass, fail, skip int) {
	for _, res := range r.Results {
		switch res.Status {
		case Pass:
			pass++
		case Fail:
			fail++
		default:
			skip++
		}
	}
	return pass, fail, skip
}

// Passed reports whether every case ran and passed.
func (r *Report) Passed() bool {
	pass, _, _ := r.Counts()
	return len(r.Results) > 0 && pass == len(r.Results)
}

// Failed lists the ids of the cases that failed.
func (r *Report) Failed() []string {
	var ids []string
	for _, res := range r.Results {
		if res.Status == Fail {
			ids = append(ids, res.ID)
		}
	}
	return ids
}

// Progress is told of each case as it ends: its result, how many cases are done and how many there are.
type Progress func(r Result, done, total int)

// Run runs cases one after the other against tg for fx, telling progress (which may be nil) of each.
// It stops early, with ctx's error, when ctx ends.
func Run(ctx context.Context, tg *Target, fx Fixture, cases []*Case, progress Progress) (*Report, error) {
	if err := fx.Valid(); err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	if tg.Client == nil || tg.URL == "" || tg.ASPSPID == "" {
		return nil, fmt.Errorf("conformance: the target needs a URL, a client and the bank's o3-aspsp-id")
	}
	rep := &Report{Target: tg.URL, ASPSPID: tg.ASPSPID, UserID: fx.UserID, Started: time.Now()}
	for i, c := range cases {
		if err := ctx.Err(); err != nil {
			rep.Duration = time.Since(rep.Started)
			return rep, err
		}
		res := runCase(ctx, tg, &fx, c)
		rep.Results = append(rep.Results, res)
		if progress != nil {
			progress(res, i+1, len(cases))
		}
	}
	rep.Duration = time.Since(rep.Started)
	return rep, nil
}

// runCase runs the steps of one case; a skip stops it, a failure does not stop the next steps.
func runCase(ctx context.Context, tg *Target, fx *Fixture, c *Case) Result {
	start := time.Now()
	t := &T{ctx: ctx, target: tg, fx: fx}
	for _, s := range c.steps {
		s(t)
		if t.skip != "" {
			break
		}
	}
	res := Result{ID: c.ID, Title: c.Title, Operations: c.Operations, Extra: c.Extra, Exchanges: t.exchanges, Failures: t.failures, Duration: time.Since(start)}
	switch {
	case len(t.failures) > 0:
		res.Status = Fail
	case t.skip != "":
		res.Status, res.SkipReason = Skip, t.skip
	default:
		res.Status = Pass
	}
	return res
}
