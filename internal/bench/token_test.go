package bench

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// TestTokenBenchmarkRuns runs the token benchmark briefly: every request must succeed and the report
// must carry its figures. Speed is not asserted here; `ifconnect bench token` measures it.
func TestTokenBenchmarkRuns(t *testing.T) {
	rep, err := Token(context.Background(), TokenOptions{Load: TokenLoadOptions{Duration: 300 * time.Millisecond, Concurrency: 2, Scope: "consents"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors != 0 || rep.Requests == 0 || rep.P99 < rep.P50 || rep.Max < rep.P99 {
		t.Fatalf("report %s", rep)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || m["benchmark"] != "token" || m["p99"] == nil {
		t.Fatalf("JSON report %s", b)
	}
	t.Log(rep)
}
