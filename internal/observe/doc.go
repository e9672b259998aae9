// Package observe is what an operator sees of a running bank or platform: JSON structured logs
// (log/slog) that carry the request's interaction ids, consent and client and never a secret, a
// token, a password or a full CPF; Prometheus metrics of every HTTP operation (count and latency per
// route pattern, status class and calling client), of the calls one half makes to the other, of
// payment outcomes and of consent state changes; and the /healthz (alive) and /readyz (dependencies
// usable) probes. Servers get all of it by wrapping their handler in Middleware at the assembly
// point; nothing in the domain packages depends on it.
//
// The SLA the figures serve is the platform's (tecban/docs/7_Monitoria-e-Suporte.md): each endpoint
// available 95 % of every 24 h and 99.5 % per quarter, first byte within 1,000 ms for 95 % of
// requests — the latency histogram has a bucket at exactly one second for that reason.
package observe
