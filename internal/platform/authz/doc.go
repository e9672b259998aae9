// Package authz is the platform sandbox's OpenID Connect authorization server, built to FAPI 1.0
// Advanced with the Open Banking Brasil security profile as the TecBan platform runs it. It serves
// two audiences. TPPs, over TLS with their transport certificate, use discovery, the JWKS, pushed
// authorization requests (RFC 9126), the token endpoint (client_credentials, authorization_code,
// refresh_token; client authentication by tls_client_auth or private_key_jwt, RFC 8705 and RFC 7523),
// introspection (RFC 7662) and revocation (RFC 7009). The bank, over mutual TLS, drives the
// authorization itself through the headless API of headless-heimdall-spec.yaml: the TPP sends the
// customer to the bank's own /auth page (step 3001), the bank hands the request to GET /auth (3003),
// and ends the interaction with doConfirm (4005) or doFail, which produce the redirect back to the TPP.
//
// Every client mistake is answered with the OAuth error its RFC names, carried by the one Error type
// in errors.go; handlers never answer 500 for a bad request. Tokens are opaque random strings stored
// only as SHA-256 hashes and bound to the client's certificate (cnf.x5t#S256); id_tokens are PS256
// JWTs signed with the keys of package keys.
package authz
