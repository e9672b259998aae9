package conformance

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A target that answers 500 to everything fails every case that calls it, the progress callback
// hears of each case once, and nothing panics.
func TestRunAgainstABrokenTarget(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"errorCode":"InternalError","errorMessage":"<script>alert(1)</script>"}`))
	}))
	defer srv.Close()
	cases := PaymentCases(Catalogue(), false)
	var seen []string
	rep, err := Run(t.Context(), &Target{URL: srv.URL, Client: srv.Client(), ASPSPID: "b", Bearer: "tok"},
		Fixture{UserID: "u", AccountIDs: []string{"a"}, ForeignAccountID: "x"}, cases,
		func(r Result, done, total int) {
			seen = append(seen, r.ID)
			if done != len(seen) || total != len(cases) {
				t.Errorf("progress %d/%d after %d cases", done, total, len(seen))
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(cases) || rep.Passed() {
		t.Fatalf("%d progress calls for %d cases; passed %v", len(seen), len(cases), rep.Passed())
	}
	// Cases that make no call pass vacuously (another PSU's contract when none is known).
	for _, r := range rep.Results {
		if r.Status == Pass && len(r.Exchanges) > 0 {
			t.Errorf("%s passed against a target that answers 500", r.ID)
		}
	}

	var x, h strings.Builder
	if err := WriteJUnit(&x, rep); err != nil {
		t.Fatal(err)
	}
	var parsed junitSuites
	if err := xml.Unmarshal([]byte(x.String()), &parsed); err != nil {
		t.Fatalf("JUnit XML does not parse: %v", err)
	}
	if _, fail, _ := rep.Counts(); parsed.Fails != fail || parsed.Tests != len(cases) || len(parsed.Suites) == 0 {
		t.Fatalf("JUnit %d failures of %d tests, want %d of %d", parsed.Fails, parsed.Tests, fail, len(cases))
	}
	if err := WriteHTML(&h, rep); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h.String(), "<script>alert") || !strings.Contains(h.String(), "&lt;script&gt;") {
		t.Fatal("a response body reached the HTML report unescaped")
	}
	if strings.Contains(h.String(), "Bearer tok") {
		t.Fatal("the bearer token is in the report")
	}
	var sum strings.Builder
	if err := WriteSummary(&sum, rep); err != nil || !strings.Contains(sum.String(), "FAIL ACC-010-010") {
		t.Fatalf("summary %v:\n%s", err, sum.String())
	}
}

func TestRunRefusesAnIncompleteFixture(t *testing.T) {
	for _, f := range []Fixture{{}, {UserID: "u"}, {UserID: "u", AccountIDs: []string{"a"}, ForeignAccountID: "a"}} {
		if _, err := Run(t.Context(), &Target{URL: "https://x", Client: http.DefaultClient, ASPSPID: "b"}, f, Catalogue(), nil); err == nil {
			t.Errorf("fixture %+v accepted", f)
		}
	}
}

func TestRedact(t *testing.T) {
	h := http.Header{}
	h.Set("Authorization", "Bearer a-very-secret-token")
	if got := redact(h, "a-very-secret-token").Get("Authorization"); strings.Contains(got, "secret") {
		t.Fatalf("%q", got)
	}
}
