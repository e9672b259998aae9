package bench

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// TokenLoadOptions configure the load the token benchmark sends.
type TokenLoadOptions struct {
	// TokenURL is the platform's token endpoint.
	TokenURL string
	// ClientID is a client registered for tls_client_auth whose certificate TLS presents.
	ClientID string
	Scope    string
	// TLS presents the client certificate and trusts the platform's CA.
	TLS *tls.Config
	// Duration of the measured run (default 10 s), after Warmup; Concurrency workers (default 4)
	// each keep one connection.
	Duration    time.Duration
	Warmup      time.Duration
	Concurrency int
}

// Targets of the token benchmark (issue 5): client_credentials over mutual TLS on loopback.
const (
	TokenTargetPerSecond = 3000
	TokenTargetP99       = 20 * time.Millisecond
)

// TokenReport is what the token benchmark measured.
type TokenReport struct {
	Requests   int           `json:"requests"`
	Errors     int           `json:"errors"`
	FirstError string        `json:"firstError,omitempty"`
	Elapsed    time.Duration `json:"-"`
	// PerSecond is successful tokens per second.
	PerSecond          float64       `json:"tokensPerSecond"`
	P50, P90, P99, Max time.Duration `json:"-"`
	Connections        int           `json:"connections"`
	// Database is the platform's database, set by Token.
	Database string `json:"database,omitempty"`
}

// MarshalJSON writes the durations in milliseconds, the form every benchmark prints.
func (r TokenReport) MarshalJSON() ([]byte, error) {
	type plain TokenReport
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return json.Marshal(struct {
		Benchmark string `json:"benchmark"`
		plain
		Seconds float64 `json:"seconds"`
		P50     float64 `json:"p50"`
		P90     float64 `json:"p90"`
		P99     float64 `json:"p99"`
		Max     float64 `json:"max"`
		Unit    string  `json:"latencyUnit"`
		Met     bool    `json:"targetsMet"`
	}{"token", plain(r), r.Elapsed.Seconds(), ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max), "ms", r.Met()})
}

// Met reports whether the run reached the targets without errors.
func (r TokenReport) Met() bool {
	return r.Errors == 0 && r.PerSecond >= TokenTargetPerSecond && r.P99 <= TokenTargetP99
}

// String formats the report on one line.
func (r TokenReport) String() string {
	s := fmt.Sprintf("%d tokens in %s: %.0f tokens/s, latency p50 %s p90 %s p99 %s max %s, %d errors",
		r.Requests-r.Errors, r.Elapsed.Round(time.Millisecond), r.PerSecond, r.P50.Round(time.Microsecond),
		r.P90.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Max.Round(time.Microsecond), r.Errors)
	if r.FirstError != "" {
		s += " (first: " + r.FirstError + ")"
	}
	return s
}

// TokenLoad measures the client_credentials grant of a running token endpoint over mutual TLS with
// keep-alive: Concurrency workers each request tokens back to back on their own HTTP/1.1 connection
// for Duration, after a warm-up that opens the connections (TLS handshakes are not what is measured).
func TokenLoad(ctx context.Context, opts TokenLoadOptions) (TokenReport, error) {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.Duration <= 0 {
		opts.Duration = 10 * time.Second
	}
	tr := &http.Transport{
		TLSClientConfig:     opts.TLS.Clone(),
		MaxIdleConnsPerHost: opts.Concurrency,
		MaxConnsPerHost:     opts.Concurrency,
		IdleConnTimeout:     time.Minute,
		ForceAttemptHTTP2:   false,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {opts.ClientID}}
	if opts.Scope != "" {
		form.Set("scope", opts.Scope)
	}
	body := form.Encode()

	one := func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, opts.TokenURL, strings.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			return err
		}
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d: %s", res.StatusCode, b)
		}
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if err := json.Unmarshal(b, &tok); err != nil || tok.AccessToken == "" {
			return errors.New("response without access_token")
		}
		return nil
	}
	if err := one(); err != nil {
		return TokenReport{}, fmt.Errorf("bench token: first request failed: %w", err)
	}

	run := func(d time.Duration, record bool) (lat [][]time.Duration, errs []int, firstErr []error) {
		lat, errs, firstErr = make([][]time.Duration, opts.Concurrency), make([]int, opts.Concurrency), make([]error, opts.Concurrency)
		deadline := time.Now().Add(d)
		var wg sync.WaitGroup
		for w := range opts.Concurrency {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(deadline) && ctx.Err() == nil {
					start := time.Now()
					err := one()
					if !record {
						continue
					}
					if err != nil {
						errs[w]++
						if firstErr[w] == nil {
							firstErr[w] = err
						}
						continue
					}
					lat[w] = append(lat[w], time.Since(start))
				}
			}()
		}
		wg.Wait()
		return lat, errs, firstErr
	}
	if opts.Warmup > 0 {
		run(opts.Warmup, false)
	}
	start := time.Now()
	lat, errs, firstErrs := run(opts.Duration, true)
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return TokenReport{}, err
	}
	var all []time.Duration
	rep := TokenReport{Elapsed: elapsed, Connections: opts.Concurrency}
	for w := range lat {
		all = append(all, lat[w]...)
		rep.Errors += errs[w]
		if rep.FirstError == "" && firstErrs[w] != nil {
			rep.FirstError = firstErrs[w].Error()
		}
	}
	rep.Requests = len(all) + rep.Errors
	if len(all) == 0 {
		return rep, errors.New("bench token: no successful request")
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	rep.P50, rep.P90, rep.P99, rep.Max = pct(0.50), pct(0.90), pct(0.99), all[len(all)-1]
	rep.PerSecond = float64(len(all)) / elapsed.Seconds()
	return rep, nil
}
