package tpp

import (
	"errors"
	"fmt"
	"time"
)

// Step is one numbered step of a sequence diagram as the TPP observed it: the exchange that covers
// it, its HTTP status and latency, what was expected and whether it matched.
type Step struct {
	Number  string        `json:"step"` // "1000–1001": the request's and the answer's numbers
	Title   string        `json:"title"`
	Status  int           `json:"status,omitempty"` // 0 for a step with no HTTP exchange of the TPP
	Latency time.Duration `json:"latencyNs"`
	Expect  string        `json:"expect"`
	OK      bool          `json:"ok"`
	Detail  string        `json:"detail,omitempty"`
}

// Steps records the steps of a run.
type Steps struct {
	List []Step
	now  func() time.Time
}

// outcome is what a step's action reports.
type outcome struct {
	status int
	detail string
}

// run times action, records its step and returns its error. A *StatusError's status is recorded
// even though the step failed.
func (s *Steps) run(number, title, expect string, action func() (outcome, error)) error {
	start := s.now()
	out, err := action()
	st := Step{Number: number, Title: title, Status: out.status, Latency: s.now().Sub(start), Expect: expect, OK: err == nil, Detail: out.detail}
	var se *StatusError
	if errors.As(err, &se) && st.Status == 0 {
		st.Status = se.Exchange.Status
	}
	if err != nil {
		st.Detail = err.Error()
	}
	s.List = append(s.List, st)
	if err != nil {
		return fmt.Errorf("step %s %s: %w", number, title, err)
	}
	return nil
}

// OK reports whether every step recorded matched its expectation.
func (s *Steps) OK() bool {
	for _, st := range s.List {
		if !st.OK {
			return false
		}
	}
	return len(s.List) > 0
}
