package registry

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/pki"
)

// Token endpoint authentication methods the platform accepts (FAPI 1.0 Advanced §5.2.2-14, Open
// Banking Brasil security profile §5.2.2.1).
const (
	AuthPrivateKeyJWT = "private_key_jwt"
	AuthTLSClientAuth = "tls_client_auth"
)

// DefaultScopes are the scopes a client may request when its record names none: the Open Banking
// Brasil phase 2 and 3 scopes.
var DefaultScopes = []string{
	"openid", "accounts", "credit-cards-accounts", "consents", "customers", "invoice-financings",
	"financings", "loans", "unarranged-accounts-overdraft", "resources", "payments",
}

// Client is one registered TPP client. The JSON form is the one of the config file and of
// `clients list`, with RFC 7591 member names where one exists.
type Client struct {
	ID                      string             `json:"client_id"`
	OrganisationID          string             `json:"organisation_id"`
	SoftwareStatementID     string             `json:"software_statement_id"`
	Name                    string             `json:"client_name"`
	RedirectURIs            []string           `json:"redirect_uris"`
	JWKS                    jose.JSONWebKeySet `json:"jwks"`
	SubjectDN               string             `json:"tls_client_auth_subject_dn"`
	TokenEndpointAuthMethod string             `json:"token_endpoint_auth_method"`
	// Scopes the client may request; empty means DefaultScopes.
	Scopes    []string  `json:"scope,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`

	subject pki.AllowList
}

// Validate checks that the record is complete and usable: at least one https redirect URI without
// fragment, a JWKS of public RSA signing keys (request objects are always signed), a known
// authentication method and a parsable subject DN.
func (c *Client) Validate() error {
	var problems []string
	if strings.TrimSpace(c.ID) == "" {
		problems = append(problems, "client_id is required")
	}
	if len(c.RedirectURIs) == 0 {
		problems = append(problems, "at least one redirect URI is required")
	}
	for _, r := range c.RedirectURIs {
		u, err := url.Parse(r)
		if err != nil || u.Scheme != "https" || u.Host == "" || u.Fragment != "" {
			problems = append(problems, fmt.Sprintf("redirect URI %q must be an absolute https URL without fragment", r))
		}
	}
	switch c.TokenEndpointAuthMethod {
	case AuthPrivateKeyJWT, AuthTLSClientAuth:
	default:
		problems = append(problems, fmt.Sprintf("token_endpoint_auth_method %q must be %s or %s", c.TokenEndpointAuthMethod, AuthPrivateKeyJWT, AuthTLSClientAuth))
	}
	if len(c.JWKS.Keys) == 0 {
		problems = append(problems, "a JWKS with the client's signing keys is required")
	}
	for i, k := range c.JWKS.Keys {
		if !k.IsPublic() {
			problems = append(problems, fmt.Sprintf("JWKS key %d is a private key: register public keys only", i))
		}
	}
	if c.SubjectDN == "" {
		problems = append(problems, "the subject DN of the client's transport certificate is required")
	} else if _, err := pki.ParseAllowList(c.SubjectDN); err != nil {
		problems = append(problems, fmt.Sprintf("subject DN: %v", err))
	}
	for _, s := range c.Scopes {
		if s == "" || strings.ContainsAny(s, " \"\\") {
			problems = append(problems, fmt.Sprintf("scope %q is not a scope token", s))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("client %q: %s", c.ID, strings.Join(problems, "; "))
	}
	return nil
}

// prepare validates c and computes what matching needs.
func (c *Client) prepare() error {
	if err := c.Validate(); err != nil {
		return err
	}
	a, err := pki.ParseAllowList(c.SubjectDN)
	if err != nil {
		return err
	}
	c.subject = a
	return nil
}

// MatchesCertificate reports whether cert's subject is the client's registered DN (RFC 8705 §2.1.2).
func (c Client) MatchesCertificate(cert *x509.Certificate) bool {
	return cert != nil && c.subject.Allows(cert)
}

// HasRedirectURI reports whether uri is registered, compared exactly (FAPI 1.0 Baseline §5.2.2-8).
func (c Client) HasRedirectURI(uri string) bool { return slices.Contains(c.RedirectURIs, uri) }

// AllowedScopes is the client's scope list, DefaultScopes when it registered none.
func (c Client) AllowedScopes() []string {
	if len(c.Scopes) == 0 {
		return DefaultScopes
	}
	return c.Scopes
}

// ErrNotFound is returned for an unknown client id.
var ErrNotFound = errors.New("no such client")

// ErrExists is returned by Add when the client id is taken.
var ErrExists = errors.New("client id already registered")
