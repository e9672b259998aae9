// Package tpp is a TPP (Instituição Receptora) client of the TecBan platform: it speaks FAPI 1.0
// Advanced with the Open Banking Brasil profile over mutual TLS — client authentication by
// private_key_jwt or tls_client_auth, request objects signed PS256, pushed authorization requests,
// PKCE S256, the code exchange and id_token verification — and calls the Open Banking Brasil APIs
// with an x-fapi-interaction-id on every request. A Browser plays the customer's part: it follows the
// redirects of the authorization journey and fills in and submits the bank's login and consent forms
// as a browser would. The data-sharing and payment flows are written as the numbered steps of
// tecban/images/fluxo_compartilhamento.png (1000 … 6007) and pis-detailed.png (1000 … 6021), each
// with its expectation, so a run is a table that says which step of the diagrams failed.
package tpp
