package tpp

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/uuid"
)

// Exchange is one HTTP request and its response, as a flow step reports it.
type Exchange struct {
	Method, URL   string
	Status        int
	InteractionID string // the x-fapi-interaction-id sent (and checked in the response)
	Header        http.Header
	Body          []byte
}

// StatusError is a response whose status was not the one expected.
type StatusError struct {
	Exchange Exchange
	Want     int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: status %d, want %d: %s", e.Exchange.Method, e.Exchange.URL, e.Exchange.Status, e.Want, snippet(e.Exchange.Body))
}

// maxBody bounds what is read of any response.
const maxBody = 8 << 20

// do sends req with the TPP's transport and reads the response.
func (c *Client) do(req *http.Request) (Exchange, error) {
	x := Exchange{Method: req.Method, URL: req.URL.String(), InteractionID: req.Header.Get("x-fapi-interaction-id")}
	res, err := c.http.Do(req)
	if err != nil {
		return x, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	x.Status, x.Header = res.StatusCode, res.Header
	if x.Body, err = io.ReadAll(io.LimitReader(res.Body, maxBody)); err != nil {
		return x, fmt.Errorf("%s %s: read response: %w", req.Method, req.URL.Path, err)
	}
	return x, nil
}

// postForm sends an application/x-www-form-urlencoded POST to an authorization-server endpoint.
func (c *Client) postForm(ctx context.Context, endpoint string, form url.Values) (Exchange, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return Exchange{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	return c.do(req)
}

// newInteractionID is a fresh x-fapi-interaction-id (a UUID, as the OBB specs require).
func newInteractionID() string { return uuid.NewString() }
