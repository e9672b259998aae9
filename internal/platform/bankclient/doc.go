// Package bankclient is the platform's Bank Connect client: the TPP-facing gateway calls the bank's
// AIS and PIS servers through it (steps 2004, 6002–6005 of fluxo_compartilhamento.png and 6013 of
// pis-detailed.png). Every call goes over mutual TLS with the platform's client certificate
// (internal/pki), carries the context headers the bank reads (o3-aspsp-id, o3-api-uri as the
// parameterised path the TPP called, o3-api-operation, o3-consent-id, o3-psu-identifier as base64
// JSON, the caller's and the platform's interaction ids) and is bounded: a per-call deadline, so a
// slow or dead bank costs the TPP a 504 and never a hang; a circuit breaker per bank endpoint, so a
// failing endpoint is not hammered; retries with jittered exponential backoff for idempotent GETs
// only; and one pooled keep-alive transport for all calls.
//
// Failures come back as *Error, whose Kind tells the gateway which OBB status to answer: the bank
// refused (its errorCode and status), the bank failed, the bank did not answer in time, or the
// breaker is open.
package bankclient
