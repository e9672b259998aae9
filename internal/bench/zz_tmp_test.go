package bench

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

func TestTmpTokenBench(t *testing.T) {
	rep, err := Token(context.Background(), TokenOptions{Load: TokenLoadOptions{Duration: 8 * time.Second, Warmup: 2 * time.Second, Concurrency: 8, Scope: "consents"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rep)
	t.Log(string(b), rep)
}
