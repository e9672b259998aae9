// Package layering holds no code, only a test that enforces the architecture's walls: the bank and the
// platform sandbox never import each other and meet only over HTTPS; the bank's domain (bank/core)
// imports no HTTP, TLS or SQL package; the conformance harness and the TPP client stay black boxes.
// A change that breaks a wall fails `go test ./...` with the offending import named.
package layering
