// Package ratelimit caps how fast each client may call the TPP-facing APIs: one token bucket per
// client (its transport certificate, or whatever key the assembly chooses), refilled at a steady rate
// with a burst allowance. A request over the limit gets 429 Too Many Requests with Retry-After and the
// Open Banking Brasil error envelope (errors[] and meta, code TOO_MANY_REQUESTS), which the phase-2
// and phase-3 specs list for every operation. Buckets live in the process: with N replicas behind a
// round-robin balancer each replica enforces rate/N (docs/operations.md, "Rate limits").
package ratelimit
