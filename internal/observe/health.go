package observe

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Check reports whether one dependency is usable; a nil error is healthy.
type Check func(ctx context.Context) error

// Healthz answers 200 while the process serves HTTP at all: the liveness probe. It checks nothing
// else, so a database outage never makes an orchestrator kill every replica at once.
func Healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
}

// Readyz runs every check (concurrently, each within timeout) and answers 200 with {"status":"ok"}
// when all pass, else 503 with each failing check's error: the readiness probe a load balancer uses
// to stop sending traffic to a replica that cannot serve it.
func Readyz(checks map[string]Check, timeout time.Duration) http.Handler {
	names := make([]string, 0, len(checks))
	for n := range checks {
		names = append(names, n)
	}
	sort.Strings(names)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		results := make(map[string]string, len(names))
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, n := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := "ok"
				if err := checks[n](ctx); err != nil {
					res = Redact(err.Error())
				}
				mu.Lock()
				results[n] = res
				mu.Unlock()
			}()
		}
		wg.Wait()
		status, code := "ok", http.StatusOK
		for _, res := range results {
			if res != "ok" {
				status, code = "unavailable", http.StatusServiceUnavailable
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(map[string]any{"status": status, "checks": results})
	})
}
