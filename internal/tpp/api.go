package tpp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/google/uuid"
)

// Call sends one Open Banking Brasil API request under the access token and checks the status is
// want (0 accepts any status). Every request carries a fresh x-fapi-interaction-id, which a successful response must echo
// (OBB security profile §7.1); POSTs carry an x-idempotency-key as the payments API requires, and
// the payments API's two POSTs an x-jws-signature of their body by the client's signing key. path
// is relative to the API base URL (it starts with /open-banking/).
func (c *Client) Call(ctx context.Context, method, path, token string, body any, want int) (Exchange, error) {
	return c.call(ctx, method, path, token, body, want, signedOperations[method+" "+path])
}

// call is Call, with the body signed in x-jws-signature when sign is set (a negative path sends a
// payment request without it).
func (c *Client) call(ctx context.Context, method, path, token string, body any, want int, sign bool) (Exchange, error) {
	var rd io.Reader
	var sig string
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return Exchange{}, fmt.Errorf("tpp: encode %s body: %w", path, err)
		}
		if sign {
			if sig, err = DetachedJWS(c.cfg.SigningKey, c.cfg.KeyID, b); err != nil {
				return Exchange{}, err
			}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.APIBaseURL+path, rd)
	if err != nil {
		return Exchange{}, err
	}
	if sig != "" {
		req.Header.Set(HeaderJWSSignature, sig)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("x-fapi-interaction-id", newInteractionID())
	req.Header.Set("x-fapi-auth-date", c.cfg.Now().UTC().Format(http.TimeFormat))
	req.Header.Set("x-customer-user-agent", "ifconnect-tpp")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if method == http.MethodPost {
		req.Header.Set("x-idempotency-key", uuid.NewString())
	}
	x, err := c.do(req)
	if err != nil {
		return x, err
	}
	if want != 0 && x.Status != want {
		return x, &StatusError{Exchange: x, Want: want}
	}
	if x.Status < 300 && x.Header.Get("x-fapi-interaction-id") != x.InteractionID {
		return x, fmt.Errorf("tpp: %s %s: x-fapi-interaction-id %q was not echoed (got %q)", method, path, x.InteractionID, x.Header.Get("x-fapi-interaction-id"))
	}
	return x, nil
}

// Envelope is an OBB response body: data with its links and meta, kept as raw JSON numbers so
// amounts stay exact.
type Envelope struct {
	Data  json.RawMessage `json:"data"`
	Links map[string]any  `json:"links"`
	Meta  map[string]any  `json:"meta"`
}

// Decode reads x's body as an OBB envelope and its data into v (nil to skip), with JSON numbers kept
// as json.Number.
func Decode(x Exchange, v any) (Envelope, error) {
	var env Envelope
	if err := json.Unmarshal(x.Body, &env); err != nil {
		return env, fmt.Errorf("tpp: %s %s: body is not an OBB envelope: %w", x.Method, x.URL, err)
	}
	if v != nil {
		d := json.NewDecoder(bytes.NewReader(env.Data))
		d.UseNumber()
		if err := d.Decode(v); err != nil {
			return env, fmt.Errorf("tpp: %s %s: data: %w", x.Method, x.URL, err)
		}
	}
	return env, nil
}

// Generic decodes x's data as generic JSON (objects, arrays, strings and json.Number).
func Generic(x Exchange) (any, error) {
	var v any
	_, err := Decode(x, &v)
	return v, err
}
