package connect

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// Limits on the context headers. The platform's values are short identifiers and URLs; anything
// longer is a mistake or an attack, refused with 400 before it reaches a log or the store.
const (
	maxIDHeader     = 256  // identifiers: aspsp, org, client, software statement, consent, interaction
	maxURIHeader    = 2048 // o3-api-uri
	maxHeaderValue  = 8192 // any header at all
	maxHeadersTotal = 32 << 10
)

// callContext is what the context headers of one Bank Connect call say (components.parameters of
// the contract).
type callContext struct {
	APIURI                    string
	APIOperation              string
	ConsentID                 string
	OzoneInteractionID        string
	CallerInteractionID       string
	CallerOrgID               string
	CallerClientID            string
	CallerSoftwareStatementID string
	// PSU is nil when o3-psu-identifier is absent.
	PSU *bankconnect.PSUIdentifier
}

// parseContext reads and checks the context headers of a call to an operation served with method.
// o3-aspsp-id must equal aspspID (ACC-010-060 and kin); o3-api-uri, o3-api-operation and
// o3-ozone-interaction-id are required (the "may" 400s ACC-010-070/080/090 and kin, which the bank
// enforces); o3-psu-identifier, when present, must be the base64 of a JSON object with a userId.
func parseContext(h http.Header, aspspID, method string) (callContext, error) {
	var c callContext
	aspsp, err := header(h, bankconnect.HeaderASPSPID, maxIDHeader, true)
	if err != nil {
		return c, err
	}
	if aspsp != aspspID {
		return c, invalidHeader("%s has an unexpected value", bankconnect.HeaderASPSPID)
	}
	if c.APIURI, err = header(h, bankconnect.HeaderAPIURI, maxURIHeader, true); err != nil {
		return c, err
	}
	if !validAPIURI(c.APIURI) {
		return c, invalidHeader("%s must be the URL or path of the API called", bankconnect.HeaderAPIURI)
	}
	if c.APIOperation, err = header(h, bankconnect.HeaderAPIOperation, 16, true); err != nil {
		return c, err
	}
	if !strings.EqualFold(c.APIOperation, method) {
		return c, invalidHeader("%s must be %s for this operation", bankconnect.HeaderAPIOperation, method)
	}
	if c.OzoneInteractionID, err = header(h, bankconnect.HeaderOzoneInteractionID, maxIDHeader, true); err != nil {
		return c, err
	}
	optional := []struct {
		name string
		dst  *string
	}{
		{bankconnect.HeaderConsentID, &c.ConsentID},
		{bankconnect.HeaderCallerInteractionID, &c.CallerInteractionID},
		{bankconnect.HeaderCallerOrgID, &c.CallerOrgID},
		{bankconnect.HeaderCallerClientID, &c.CallerClientID},
		{bankconnect.HeaderCallerSoftwareStatementID, &c.CallerSoftwareStatementID},
	}
	for _, o := range optional {
		if *o.dst, err = header(h, o.name, maxIDHeader, false); err != nil {
			return c, err
		}
	}
	psu, err := header(h, bankconnect.HeaderPSUIdentifier, bankconnect.MaxPSUIdentifierLen, false)
	if err != nil {
		return c, err
	}
	if psu != "" {
		p, err := bankconnect.DecodePSUIdentifier(psu)
		if err != nil {
			return c, invalidHeader("%s", err.Error())
		}
		c.PSU = &p
	}
	return c, nil
}

// header returns the single value of a header, refusing repeated, over-long or non-printable values
// and, when required, missing or blank ones.
func header(h http.Header, name string, max int, required bool) (string, error) {
	vs := h.Values(name)
	switch {
	case len(vs) == 0 || (len(vs) == 1 && strings.TrimSpace(vs[0]) == ""):
		if required {
			return "", invalidHeader("%s is required", name)
		}
		return "", nil
	case len(vs) > 1:
		return "", invalidHeader("%s must be sent once", name)
	}
	v := strings.TrimSpace(vs[0])
	if len(v) > max {
		return "", invalidHeader("%s is longer than %d characters", name, max)
	}
	if !printable(v) {
		return "", invalidHeader("%s must be printable ASCII", name)
	}
	return v, nil
}

// validAPIURI accepts an absolute http(s) URL or an absolute path: what the platform puts in
// o3-api-uri ("the parameterised URL of the API being called").
func validAPIURI(v string) bool {
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	if u.IsAbs() {
		return (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
	}
	return strings.HasPrefix(v, "/")
}

// printable reports whether s is visible ASCII or spaces.
func printable(s string) bool {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// checkHeaderSizes refuses a request whose headers, one by one or together, exceed the limits, so
// the caller gets the contract's 400 body instead of a bare 431.
func checkHeaderSizes(h http.Header) error {
	total := 0
	for k, vs := range h {
		for _, v := range vs {
			if len(v) > maxHeaderValue {
				return invalidHeader("header %.64s is longer than %d bytes", k, maxHeaderValue)
			}
			total += len(k) + len(v)
		}
	}
	if total > maxHeadersTotal {
		return invalidHeader("headers are larger than %d bytes in all", maxHeadersTotal)
	}
	return nil
}
