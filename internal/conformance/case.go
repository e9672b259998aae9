package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Status is the outcome of one case.
type Status string

// The outcomes of a case. A skipped case could not be run with what the harness was given (no
// bearer token for the 401 cases, no other PSU's account for the "not accessible" ones); a run
// passes only when every case passed.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	Skip Status = "skip"
)

// Case is one test case: a contract id, what it checks, the operations it calls and its steps. A
// contract id the contract names under several operations (TXN-010-100 on both transaction
// operations) is one case with a step per operation.
type Case struct {
	ID         string
	Title      string
	Operations []string
	// Extra marks a check of the harness's own (PIS-…, the Brazilian credit and customer operations),
	// for operations whose contract names no test case.
	Extra bool
	steps []step
}

// step is one check of a case: it sends requests through t and reports what is wrong.
type step func(t *T)

// Failure is one thing a case found wrong, with the exchange it is about (-1 for none).
type Failure struct {
	Message  string `json:"message"`
	Exchange int    `json:"exchange"`
}

// Result is the outcome of one case.
type Result struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Operations []string      `json:"operations"`
	Extra      bool          `json:"extra,omitempty"`
	Status     Status        `json:"status"`
	Failures   []Failure     `json:"failures,omitempty"`
	SkipReason string        `json:"skipReason,omitempty"`
	Exchanges  []Exchange    `json:"exchanges"`
	Duration   time.Duration `json:"duration"`
}

// T is what a step uses to call the target and report: a small testing.T for HTTP.
type T struct {
	ctx       context.Context
	target    *Target
	fx        *Fixture
	exchanges []Exchange
	failures  []Failure
	skip      string
}

// errorf records a failure about exchange x (-1: none).
func (t *T) errorf(x int, format string, args ...any) {
	t.failures = append(t.failures, Failure{Message: fmt.Sprintf(format, args...), Exchange: x})
}

// skipf marks the case skipped: it cannot be run with what the harness was given.
func (t *T) skipf(format string, args ...any) { t.skip = fmt.Sprintf(format, args...) }

// needForeign reports whether the fixture names another PSU's account, skipping the case if not.
func (t *T) needForeign() bool {
	if t.fx.ForeignAccountID == "" {
		t.skipf("no account of another PSU is known (give --other-account or a demo-users file with another user)")
		return false
	}
	return true
}

// headerMod changes the headers of a well-formed call.
type headerMod func(http.Header)

// without removes headers.
func without(names ...string) headerMod {
	return func(h http.Header) {
		for _, n := range names {
			h.Del(n)
		}
	}
}

// with sets a header.
func with(name, value string) headerMod { return func(h http.Header) { h.Set(name, value) } }

// answer is the response to one call, with the exchange it was recorded as.
type answer struct {
	t      *T
	method string
	path   string
	x      int
	r      response
}

// get calls GET path with the well-formed headers changed by mods.
func (t *T) get(path string, mods ...headerMod) *answer {
	return t.call(http.MethodGet, path, nil, mods...)
}

// post calls POST path with body.
func (t *T) post(path string, body []byte, mods ...headerMod) *answer {
	return t.call(http.MethodPost, path, body, mods...)
}

func (t *T) call(method, path string, body []byte, mods ...headerMod) *answer {
	bare, _, _ := strings.Cut(path, "?")
	h := t.target.contextHeaders(t.fx, method, "/open-banking/bank-connect"+bare)
	for _, m := range mods {
		m(h)
	}
	r, x := t.target.do(t.ctx, method, path, h, body)
	t.exchanges = append(t.exchanges, x)
	a := &answer{t: t, method: method, path: bare, x: len(t.exchanges) - 1, r: r}
	if r.err != nil {
		t.errorf(a.x, "%v", r.err)
		return a
	}
	if msg := validateResponse(method, bare, r.status, r.body); msg != "" {
		t.errorf(a.x, "%s", msg)
	}
	return a
}

// ok reports whether the call answered status; a different status is a failure.
func (a *answer) status(want int) bool {
	if a.r.err != nil {
		return false
	}
	if a.r.status != want {
		a.t.errorf(a.x, "%s %s answered %d, want %d: %s", a.method, a.path, a.r.status, want, clip(string(a.r.body), 300))
		return false
	}
	return true
}

// ok is status(200).
func (a *answer) ok() bool { return a.status(http.StatusOK) }

// fails checks an error answer: the status and the contract's Error body {"errorCode","errorMessage"}
// with both members set.
func (a *answer) fails(want int) {
	if !a.status(want) {
		return
	}
	if want == http.StatusUnauthorized && len(strings.TrimSpace(string(a.r.body))) == 0 {
		return // the contract declares some 401s without a body
	}
	var e struct {
		ErrorCode    string `json:"errorCode"`
		ErrorMessage string `json:"errorMessage"`
	}
	if err := json.Unmarshal(a.r.body, &e); err != nil || e.ErrorCode == "" || e.ErrorMessage == "" {
		a.t.errorf(a.x, "%s %s answered %d without the contract's {\"errorCode\",\"errorMessage\"} body", a.method, a.path, want)
	}
}

// answered reports whether the call succeeded (2xx); the status check of the caller reports it when
// not, so the decoders below stay silent then.
func (a *answer) answered() bool { return a.r.err == nil && a.r.status/100 == 2 }

// data decodes the body's data member.
func (a *answer) data() (json.RawMessage, bool) {
	if !a.answered() {
		return nil, false
	}
	var body struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(a.r.body, &body); err != nil || len(body.Data) == 0 {
		a.t.errorf(a.x, "%s %s: the body has no data member", a.method, a.path)
		return nil, false
	}
	return body.Data, true
}

// items decodes the body's data member as an array of objects (an empty array, never null or
// missing, when there is nothing).
func (a *answer) items() ([]map[string]any, bool) {
	raw, ok := a.data()
	if !ok {
		return nil, false
	}
	var items []map[string]any
	if err := json.Unmarshal(raw, &items); err != nil || items == nil {
		a.t.errorf(a.x, "%s %s: data is not an array of objects: %s", a.method, a.path, clip(string(raw), 200))
		return nil, false
	}
	return items, true
}

// object decodes the body's data member as an object.
func (a *answer) object() (map[string]any, bool) {
	raw, ok := a.data()
	if !ok {
		return nil, false
	}
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		a.t.errorf(a.x, "%s %s: data is not an object: %s", a.method, a.path, clip(string(raw), 200))
		return nil, false
	}
	return obj, true
}

// str returns a string member of an item, "" when absent.
func str(item map[string]any, name string) string {
	s, _ := item[name].(string)
	return s
}
