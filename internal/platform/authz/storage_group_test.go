package authz

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

// TestGroupCommit: concurrent saves are all written, possibly several per write, and a request whose
// tokens cannot be written fails alone.
func TestGroupCommit(t *testing.T) {
	var g tokenGroup
	var mu sync.Mutex
	stored := map[string]bool{}
	writes := 0
	write := func(_ context.Context, ts []Token) error {
		mu.Lock()
		defer mu.Unlock()
		writes++
		for _, tk := range ts {
			if tk.Hash == "bad" {
				return errors.New("refused")
			}
		}
		for _, tk := range ts {
			stored[tk.Hash] = true
		}
		return nil
	}
	const n = 200
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := fmt.Sprint(i)
			if i == 7 {
				h = "bad"
			}
			errs[i] = g.save(context.Background(), []Token{{Hash: h}}, write)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if (i == 7) != (err != nil) {
			t.Fatalf("request %d: %v", i, err)
		}
		if i != 7 && !stored[fmt.Sprint(i)] {
			t.Fatalf("request %d succeeded but its token is not stored", i)
		}
	}
	if g.leading || len(g.queue) != 0 {
		t.Fatal("group left leading or with a queue")
	}
	t.Logf("%d requests in %d writes", n, writes)
}
