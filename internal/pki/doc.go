// Package pki is the public-key infrastructure every ifconnect server and client stands on: a
// development certificate authority that issues server, client and Open Banking Brasil TPP
// certificates (RSA, SHA-256, leaf validity at most one year), loading of PEM files with errors that
// name the file at fault, and the mutual-TLS configuration the design requires between platform and
// bank in both directions: TLS 1.2 or newer, on TLS 1.2 only the FAPI 1.0 Advanced §8.5 cipher suites
// Go implements, client certificates verified against a CA and an allow-list of fingerprints or
// subject DNs (several at once, so certificates rotate with overlap), and a Reloader that swaps in new
// certificates, CAs and allow-lists on SIGHUP or file change without a restart.
//
// Production banks bring their own CA-issued certificates; they use this package only through
// ServerConfig, ClientConfig, AllowList and Reloader. The CA and the `ifconnect pki` command exist for
// development, the sandbox and tests (see package pkitest).
package pki
