// Package bench holds the load benchmarks behind `ifconnect bench`: each starts the server under test
// on loopback over mutual TLS exactly as production runs it, drives it with vegeta (as a library) over
// keep-alive connections, and reports throughput and latency percentiles as JSON. They are
// benchmarks, not tests: they print figures and compare them with targets, and never run in `go test`.
package bench
