// Package flowtest is the end-to-end test of the whole chain as a newcomer runs it: it builds the
// ifconnect binary, starts `ifconnect demo` (platform, bank and TPP web app in one process, real TLS
// and mutual TLS on loopback) on free ports, and drives both flows through it — with the TPP client
// and its HTML browser, and through the TPP web app's buttons — then the negative paths, the
// demo's one-line errors for a locked state directory and a busy port, a graceful stop and
// `ifconnect demo --run-flows`.
package flowtest
