// Package registry is the platform's register of TPP clients (Instituições Receptoras): for each
// OAuth client its client id, the directory's organisation and software statement ids and name, the
// redirect URIs it registered, the JWKS its request objects and client assertions are signed with,
// the subject DN of its transport certificate and its token endpoint authentication method. The
// authorization server trusts nothing about a client that is not written here. Clients come from
// the config file at start-up and from `ifconnect platform clients add`.
package registry
