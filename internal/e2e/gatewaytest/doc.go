// Package gatewaytest runs the platform's Open Banking gateway against the real bank: the bank's
// seeded store behind its Bank Connect AIS and PIS server, the platform with its authorization
// server, consent manager and gateway, mutual TLS on both hops, and a TPP client that takes a
// client_credentials token from the real token endpoint. It sits outside internal/bank and
// internal/platform, the only place allowed to start both.
package gatewaytest
