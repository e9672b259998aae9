package tpp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/google/uuid"
)

// Token is a token endpoint response (RFC 6749 §5.1).
type Token struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope"`
	RefreshToken string `json:"refresh_token"`
	IDToken      string `json:"id_token"`
}

// ClientCredentials takes an access token for scope by the client_credentials grant (step 1000/1001).
func (c *Client) ClientCredentials(ctx context.Context, scope string) (Token, Exchange, error) {
	return c.token(ctx, url.Values{"grant_type": {"client_credentials"}, "scope": {scope}})
}

// ExchangeCode redeems an authorization code with its PKCE verifier (step 5003/5004).
func (c *Client) ExchangeCode(ctx context.Context, code, verifier string) (Token, Exchange, error) {
	return c.token(ctx, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier},
		"redirect_uri": {c.cfg.RedirectURI}})
}

func (c *Client) token(ctx context.Context, form url.Values) (Token, Exchange, error) {
	d, err := c.Discover(ctx)
	if err != nil {
		return Token{}, Exchange{}, err
	}
	if err := c.authenticate(form, d.TokenEndpoint); err != nil {
		return Token{}, Exchange{}, err
	}
	x, err := c.postForm(ctx, d.TokenEndpoint, form)
	if err != nil {
		return Token{}, x, err
	}
	if x.Status != http.StatusOK {
		return Token{}, x, &StatusError{Exchange: x, Want: http.StatusOK}
	}
	var t Token
	if err := json.Unmarshal(x.Body, &t); err != nil || t.AccessToken == "" {
		return Token{}, x, fmt.Errorf("tpp: token response without an access token: %s", snippet(x.Body))
	}
	return t, x, nil
}

// authenticate adds the client's authentication to an endpoint's form: tls_client_auth names the
// client and lets the certificate speak; private_key_jwt adds a PS256 assertion (RFC 7523 §2.2)
// whose audience is the issuer.
func (c *Client) authenticate(form url.Values, _ string) error {
	form.Set("client_id", c.cfg.ClientID)
	if c.cfg.AuthMethod == AuthTLSClientAuth {
		return nil
	}
	now := c.cfg.Now()
	a, err := c.sign(map[string]any{"iss": c.cfg.ClientID, "sub": c.cfg.ClientID, "aud": c.cfg.Issuer, "jti": uuid.NewString(),
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()})
	if err != nil {
		return err
	}
	form.Set("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
	form.Set("client_assertion", a)
	return nil
}

// sign serialises claims as a compact JWS signed PS256 with the client's key.
func (c *Client) sign(claims map[string]any) (string, error) {
	s, err := newSigner(c.cfg.SigningKey, c.cfg.KeyID, "JWT")
	if err != nil {
		return "", err
	}
	raw, err := jwt.Signed(s).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("tpp: sign: %w", err)
	}
	return raw, nil
}
