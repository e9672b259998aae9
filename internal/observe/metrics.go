package observe

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// latencyBuckets (seconds) are fine below the SLA's one-second first-byte limit, with a bucket at
// exactly 1 s so "share of requests within 1,000 ms" is one ratio of two series.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10}

// Metrics is one process's Prometheus registry with the series every server of ifconnect records.
// Labels are bounded: operations are route patterns, clients are registered client ids or
// certificate names ("unknown" otherwise), status classes are 1xx … 5xx.
type Metrics struct {
	reg *prometheus.Registry

	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight *prometheus.GaugeVec
	calls    *prometheus.HistogramVec
	payments *prometheus.CounterVec
	consents *prometheus.CounterVec
	limited  *prometheus.CounterVec
}

// NewMetrics returns a registry with the Go runtime and process collectors and ifconnect's series.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ifconnect_http_requests_total",
		Help: "HTTP requests served, by listener, operation (route pattern), status class and calling client."},
		[]string{"server", "operation", "status_class", "client"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "ifconnect_http_request_duration_seconds",
		Help: "Time to the response's first byte, by listener, operation, status class and client.", Buckets: latencyBuckets},
		[]string{"server", "operation", "status_class", "client"})
	m.inFlight = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "ifconnect_http_requests_in_flight",
		Help: "HTTP requests being served, by listener."}, []string{"server"})
	m.calls = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "ifconnect_outbound_call_duration_seconds",
		Help:    "Calls to the other half (platform → Bank Connect, bank → platform), by target, operation and outcome (ok, error).",
		Buckets: latencyBuckets}, []string{"target", "operation", "outcome"})
	m.payments = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ifconnect_payments_total",
		Help: "Payment orders answered, by outcome (accepted, rejected, repeated, failed) and rejection reason."},
		[]string{"outcome", "reason"})
	m.consents = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ifconnect_consent_status_changes_total",
		Help: "Consent status changes, by previous and new status."}, []string{"from", "to"})
	m.limited = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ifconnect_rate_limited_total",
		Help: "Requests refused with 429 by the per-client rate limit, by listener and client."}, []string{"server", "client"})
	m.reg.MustRegister(m.requests, m.latency, m.inFlight, m.calls, m.payments, m.consents, m.limited)
	return m
}

// Registry is the underlying registry, for tests and for registering more collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus text format (GET /metrics).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveRequest records one served request.
func (m *Metrics) ObserveRequest(server, operation string, status int, client string, firstByte time.Duration) {
	class := StatusClass(status)
	m.requests.WithLabelValues(server, operation, class, client).Inc()
	m.latency.WithLabelValues(server, operation, class, client).Observe(firstByte.Seconds())
}

// ObserveCall records one call to the other half; err nil is "ok".
func (m *Metrics) ObserveCall(target, operation string, d time.Duration, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.calls.WithLabelValues(target, operation, outcome).Observe(d.Seconds())
}

// ObservePayment records a payment order's outcome: accepted, rejected (with its reason), repeated
// (an earlier payment answered again) or failed (no answer).
func (m *Metrics) ObservePayment(outcome, reason string) {
	m.payments.WithLabelValues(outcome, reason).Inc()
}

// ObserveConsentChange records a consent status change.
func (m *Metrics) ObserveConsentChange(from, to string) {
	m.consents.WithLabelValues(from, to).Inc()
}

// ObserveRateLimited records a request refused by the rate limit.
func (m *Metrics) ObserveRateLimited(server, client string) {
	m.limited.WithLabelValues(server, client).Inc()
}

// StatusClass is "2xx" for 200 … 299 and so on.
func StatusClass(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}
