package heimdall

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Control fields of doConfirm: form fields prefixed "heimdall." steer the tokens and never become
// id_token claims.
const (
	FieldSuppressRefreshToken = "heimdall.suppressRefreshToken"
	FieldAccessTokenValidity  = "heimdall.accessTokenValidity"
	FieldRefreshTokenValidity = "heimdall.refreshTokenValidity"
	controlPrefix             = "heimdall."
)

// Confirm is the body of POST /auth/{interactionId}/doConfirm.
type Confirm struct {
	// Claims become id_token claims, name for name (e.g. openbanking_intent_id, sub).
	Claims map[string]string
	// SuppressRefreshToken, when true, issues no refresh token.
	SuppressRefreshToken bool
	// AccessTokenValidity and RefreshTokenValidity override the platform's defaults when non-zero;
	// they travel as whole seconds.
	AccessTokenValidity  time.Duration
	RefreshTokenValidity time.Duration
}

// Form encodes c as the application/x-www-form-urlencoded body the contract specifies.
func (c Confirm) Form() url.Values {
	v := url.Values{}
	for k, val := range c.Claims {
		v.Set(k, val)
	}
	if c.SuppressRefreshToken {
		v.Set(FieldSuppressRefreshToken, "true")
	}
	if c.AccessTokenValidity > 0 {
		v.Set(FieldAccessTokenValidity, strconv.FormatInt(int64(c.AccessTokenValidity/time.Second), 10))
	}
	if c.RefreshTokenValidity > 0 {
		v.Set(FieldRefreshTokenValidity, strconv.FormatInt(int64(c.RefreshTokenValidity/time.Second), 10))
	}
	return v
}

// ParseConfirm decodes a doConfirm form. A field given twice, an unknown "heimdall." control field or
// a control value that is not a boolean or a positive number of seconds is an error.
func ParseConfirm(form url.Values) (Confirm, error) {
	c := Confirm{Claims: map[string]string{}}
	for k, vs := range form {
		if len(vs) != 1 {
			return Confirm{}, fmt.Errorf("field %q given %d times", k, len(vs))
		}
		v := vs[0]
		switch {
		case k == FieldSuppressRefreshToken:
			b, err := strconv.ParseBool(v)
			if err != nil {
				return Confirm{}, fmt.Errorf("%s must be true or false, not %q", k, v)
			}
			c.SuppressRefreshToken = b
		case k == FieldAccessTokenValidity, k == FieldRefreshTokenValidity:
			n, err := strconv.ParseInt(v, 10, 32)
			if err != nil || n <= 0 {
				return Confirm{}, fmt.Errorf("%s must be a positive number of seconds, not %q", k, v)
			}
			d := time.Duration(n) * time.Second
			if k == FieldAccessTokenValidity {
				c.AccessTokenValidity = d
			} else {
				c.RefreshTokenValidity = d
			}
		case strings.HasPrefix(k, controlPrefix):
			return Confirm{}, fmt.Errorf("unknown control field %q", k)
		case k == "":
			return Confirm{}, errors.New("a field has an empty name")
		default:
			c.Claims[k] = v
		}
	}
	return c, nil
}

// Fail is the body of POST /auth/{interactionId}/doFail.
type Fail struct {
	// Error is an OAuth 2.0 or OIDC error code; empty means access_denied.
	Error            string
	ErrorDescription string
}

// Form encodes f as the application/x-www-form-urlencoded body the contract specifies.
func (f Fail) Form() url.Values {
	v := url.Values{}
	if f.Error != "" {
		v.Set("error", f.Error)
	}
	if f.ErrorDescription != "" {
		v.Set("error_description", f.ErrorDescription)
	}
	return v
}

// errorCodeChars is the character set RFC 6749 §5.2 allows in error and error_description values.
var errorCodeChars = regexp.MustCompile(`^[\x20\x21\x23-\x5B\x5D-\x7E]*$`)

// ParseFail decodes a doFail form. The error defaults to access_denied (the PSU refused); values
// outside the characters RFC 6749 §5.2 allows are refused because they would travel to the TPP.
func ParseFail(form url.Values) (Fail, error) {
	f := Fail{Error: form.Get("error"), ErrorDescription: form.Get("error_description")}
	if f.Error == "" {
		f.Error = "access_denied"
	}
	if strings.Contains(f.Error, " ") || !errorCodeChars.MatchString(f.Error) {
		return Fail{}, fmt.Errorf("error %q is not an OAuth error code", f.Error)
	}
	if !errorCodeChars.MatchString(f.ErrorDescription) {
		return Fail{}, errors.New("error_description holds characters RFC 6749 §5.2 does not allow")
	}
	return f, nil
}
