// Package scaleout proves that ifconnect's processes are stateless apart from their database: it
// builds the binary, starts two bank replicas and two platform replicas on one PostgreSQL behind
// loopback round-robin balancers (package roundrobin), and checks that a consent journey begun on one
// replica finishes on the other, that payments spread over both replicas happen exactly once with
// the ledger balanced, and that killing a replica of each half mid-load loses no acknowledged payment
// while the survivors keep serving. It needs IFCONNECT_TEST_POSTGRES and skips loudly without it.
package scaleout
