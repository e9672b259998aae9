package bench

import (
	"context"
	"crypto/tls"
	"net/http"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Result is one attack's figures: latencies in milliseconds.
type Result struct {
	Name string `json:"name"`
	// Rate is the rate asked for, requests per second; 0 means as fast as the connections allow.
	Rate        float64        `json:"rate"`
	Requests    uint64         `json:"requests"`
	Seconds     float64        `json:"seconds"`
	RPS         float64        `json:"rps"`
	P50         float64        `json:"p50"`
	P90         float64        `json:"p90"`
	P99         float64        `json:"p99"`
	Max         float64        `json:"max"`
	Errors      uint64         `json:"errors"`
	StatusCodes map[string]int `json:"statusCodes"`
	// CPUPerRequestMS is the process's CPU time per request during the attack — server, TLS and load
	// generator together — which, unlike rps, does not depend on what else the machine runs:
	// cores ÷ CPUPerRequestMS is the throughput an otherwise idle machine would reach.
	CPUPerRequestMS float64 `json:"cpuPerRequestMs"`
	// TargetRPS, TargetP99MS and Met compare the figures with a goal, for benchmarks that judge one
	// attack at a time.
	TargetRPS   float64 `json:"targetRps,omitempty"`
	TargetP99MS float64 `json:"targetP99,omitempty"`
	Met         bool    `json:"met"`
}

// AttackOptions shape one attack.
type AttackOptions struct {
	Name        string
	Targets     []vegeta.Target
	Duration    time.Duration
	Connections int // concurrent keep-alive connections, one worker each
	// Rate is the requests per second to send (an open loop, as real traffic arrives); 0 sends as
	// fast as Connections workers can (a closed loop: the server's maximum throughput).
	Rate float64
	TLS  *tls.Config
	// Transport, when set, carries the attack instead of a new one made from TLS, so several attacks
	// share warm keep-alive connections as a long-running client does; the caller closes it.
	Transport *http.Transport
	// Targeter, when set, makes each request instead of a round-robin over Targets (e.g. a payment
	// under a new consent every time).
	Targeter vegeta.Targeter
	// OK is the status that counts as success (default "200").
	OK string
}

// NewTransport is an HTTP/1.1 keep-alive transport of at most conns connections: one request per
// connection at a time, so 64 connections are 64 concurrent requests, not 64 streams of one.
func NewTransport(cfg *tls.Config, conns int) *http.Transport {
	return &http.Transport{
		TLSClientConfig:     cfg,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     time.Minute,
		ForceAttemptHTTP2:   false,
	}
}

// Attack sends requests round-robin over the targets as fast as Connections workers can, each on its
// own keep-alive HTTP/1.1 connection, for Duration, and returns the figures. Only o.OK answers (200
// unless set) count as successes.
func Attack(ctx context.Context, o AttackOptions) Result {
	tr := o.Transport
	if tr == nil {
		tr = NewTransport(o.TLS, o.Connections)
		defer tr.CloseIdleConnections()
	}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	atk := vegeta.NewAttacker(
		vegeta.Client(client),
		vegeta.Workers(uint64(o.Connections)),
		vegeta.MaxWorkers(uint64(o.Connections)),
		vegeta.KeepAlive(true),
	)
	targeter := o.Targeter
	if targeter == nil {
		targeter = vegeta.NewStaticTargeter(o.Targets...)
	}
	if o.OK == "" {
		o.OK = "200"
	}
	var m vegeta.Metrics
	cpu0 := CPUTime()
	results := atk.Attack(targeter, vegeta.Rate{Freq: int(o.Rate), Per: time.Second}, o.Duration, o.Name)
loop:
	for {
		select {
		case <-ctx.Done():
			atk.Stop()
		case r, ok := <-results:
			if !ok {
				break loop
			}
			m.Add(r)
		}
	}
	m.Close()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	failed := uint64(0)
	for code, n := range m.StatusCodes {
		if code != o.OK {
			failed += uint64(n)
		}
	}
	var cpuPer float64
	if m.Requests > 0 {
		cpuPer = float64((CPUTime() - cpu0).Microseconds()) / 1000 / float64(m.Requests)
	}
	return Result{
		CPUPerRequestMS: cpuPer,
		Name:            o.Name, Rate: o.Rate, Requests: m.Requests, Seconds: m.Duration.Seconds(), RPS: m.Throughput,
		P50: ms(m.Latencies.P50), P90: ms(m.Latencies.P90), P99: ms(m.Latencies.P99), Max: ms(m.Latencies.Max),
		Errors: failed, StatusCodes: m.StatusCodes,
	}
}
