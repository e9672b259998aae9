package authz

import (
	"encoding/json"
	"net/http"

	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// discoveryDocument is the OpenID Provider metadata (OIDC Discovery §3, RFC 8414, RFC 9126 §5,
// RFC 8705 §3.3) with the values the Open Banking Brasil security profile requires.
type discoveryDocument struct {
	Issuer                                     string   `json:"issuer"`
	AuthorizationEndpoint                      string   `json:"authorization_endpoint"`
	TokenEndpoint                              string   `json:"token_endpoint"`
	JWKSURI                                    string   `json:"jwks_uri"`
	PushedAuthorizationRequestEndpoint         string   `json:"pushed_authorization_request_endpoint"`
	IntrospectionEndpoint                      string   `json:"introspection_endpoint"`
	RevocationEndpoint                         string   `json:"revocation_endpoint"`
	ScopesSupported                            []string `json:"scopes_supported"`
	ResponseTypesSupported                     []string `json:"response_types_supported"`
	ResponseModesSupported                     []string `json:"response_modes_supported"`
	GrantTypesSupported                        []string `json:"grant_types_supported"`
	SubjectTypesSupported                      []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported           []string `json:"id_token_signing_alg_values_supported"`
	RequestObjectSigningAlgValuesSupported     []string `json:"request_object_signing_alg_values_supported"`
	TokenEndpointAuthMethodsSupported          []string `json:"token_endpoint_auth_methods_supported"`
	TokenEndpointAuthSigningAlgValuesSupported []string `json:"token_endpoint_auth_signing_alg_values_supported"`
	IntrospectionEndpointAuthMethodsSupported  []string `json:"introspection_endpoint_auth_methods_supported"`
	RevocationEndpointAuthMethodsSupported     []string `json:"revocation_endpoint_auth_methods_supported"`
	ClaimsSupported                            []string `json:"claims_supported"`
	ClaimsParameterSupported                   bool     `json:"claims_parameter_supported"`
	RequestParameterSupported                  bool     `json:"request_parameter_supported"`
	RequestURIParameterSupported               bool     `json:"request_uri_parameter_supported"`
	RequireRequestURIRegistration              bool     `json:"require_request_uri_registration"`
	RequirePushedAuthorizationRequests         bool     `json:"require_pushed_authorization_requests"`
	CodeChallengeMethodsSupported              []string `json:"code_challenge_methods_supported"`
	ACRValuesSupported                         []string `json:"acr_values_supported"`
	TLSClientCertificateBoundAccessTokens      bool     `json:"tls_client_certificate_bound_access_tokens"`
}

func (s *Server) buildDiscovery() ([]byte, error) {
	iss := s.opts.Issuer
	auth := []string{registry.AuthPrivateKeyJWT, registry.AuthTLSClientAuth}
	d := discoveryDocument{
		Issuer:                                     iss,
		AuthorizationEndpoint:                      s.opts.AuthorizationEndpoint,
		TokenEndpoint:                              iss + PathToken,
		JWKSURI:                                    iss + PathJWKS,
		PushedAuthorizationRequestEndpoint:         iss + PathPAR,
		IntrospectionEndpoint:                      iss + PathIntrospect,
		RevocationEndpoint:                         iss + PathRevoke,
		ScopesSupported:                            append(append([]string{}, registry.DefaultScopes...), "consent"),
		ResponseTypesSupported:                     []string{responseCodeIDToken, responseCode},
		ResponseModesSupported:                     []string{"fragment", "query"},
		GrantTypesSupported:                        []string{grantAuthorizationCode, grantClientCredentials, grantRefreshToken},
		SubjectTypesSupported:                      []string{"public"},
		IDTokenSigningAlgValuesSupported:           []string{"PS256"},
		RequestObjectSigningAlgValuesSupported:     []string{"PS256"},
		TokenEndpointAuthMethodsSupported:          auth,
		TokenEndpointAuthSigningAlgValuesSupported: []string{"PS256"},
		IntrospectionEndpointAuthMethodsSupported:  auth,
		RevocationEndpointAuthMethodsSupported:     auth,
		ClaimsSupported: []string{"sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "at_hash", "c_hash", "s_hash",
			"openbanking_intent_id"},
		ClaimsParameterSupported:              true,
		RequestParameterSupported:             true,
		RequestURIParameterSupported:          true,
		RequireRequestURIRegistration:         true,
		CodeChallengeMethodsSupported:         []string{"S256"},
		ACRValuesSupported:                    []string{ACR, ACRLoA3},
		TLSClientCertificateBoundAccessTokens: true,
	}
	return json.Marshal(d)
}

// Discovery serves GET /.well-known/openid-configuration. It needs no client certificate.
func (s *Server) Discovery() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=300")
		w.Write(s.discovery)
	})
}
