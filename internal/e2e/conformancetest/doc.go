// Package conformancetest runs the Bank Connect conformance harness (internal/conformance) against
// the real bank: a seeded SQLite store behind internal/bank/connect over mutual TLS. Our bank must
// pass every case; deliberately broken banks — our handler wrapped in middleware that leaks another
// PSU's account, ignores accountIds, drops the o3-aspsp-id check or answers 500 to bad input — must
// fail exactly the cases that catch the fault. It sits outside internal/bank, so the harness itself
// stays a black box that imports no bank code.
package conformancetest
