package bankconnect

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Context headers of every Bank Connect operation (components.parameters of the contract). The
// platform sets them from the TPP's call and the consent it checked; the bank reads them to know
// who is asking and for whom.
const (
	HeaderASPSPID                   = "o3-aspsp-id"                     // required; must equal the bank's configured id
	HeaderCallerOrgID               = "o3-caller-org-id"                // the TPP organisation
	HeaderCallerClientID            = "o3-caller-client-id"             // the TPP's OIDC client id
	HeaderCallerSoftwareStatementID = "o3-caller-software-statement-id" // the TPP's software statement
	HeaderAPIURI                    = "o3-api-uri"                      // required; the parameterised URL the TPP called
	HeaderAPIOperation              = "o3-api-operation"                // required; the TPP's HTTP method
	HeaderConsentID                 = "o3-consent-id"                   // the consent the call is made under
	HeaderCallerInteractionID       = "o3-caller-interaction-id"        // the TPP's x-fapi-interaction-id
	HeaderOzoneInteractionID        = "o3-ozone-interaction-id"         // required; the platform's interaction id
	HeaderPSUIdentifier             = "o3-psu-identifier"               // base64 of the PSUIdentifier JSON object
	// HeaderFAPIInteractionID is echoed on every response so logs on both sides correlate.
	HeaderFAPIInteractionID = "x-fapi-interaction-id"
)

// MaxPSUIdentifierLen bounds the o3-psu-identifier header (base64 text) the bank accepts.
const MaxPSUIdentifierLen = 4096

// PSUIdentifier is the psuIdentifiers object the bank patched into the consent when the customer
// authorised it (consent-manager-spec PSUIdentifiers): userId is mandatory; the contract lets the bank
// add members of its own. ifconnect adds customerId, set when the consent was given on behalf of one
// customer (a company the user represents, or the user's own person), which narrows what the call
// may read to that customer.
type PSUIdentifier struct {
	UserID     string `json:"userId"`
	CustomerID string `json:"customerId,omitempty"`
}

// EncodePSUIdentifier returns the o3-psu-identifier header value for p: standard base64 of its JSON.
func EncodePSUIdentifier(p PSUIdentifier) string {
	b, _ := json.Marshal(p) // a struct of strings always marshals
	return base64.StdEncoding.EncodeToString(b)
}

// DecodePSUIdentifier parses an o3-psu-identifier header value: base64 (standard or URL alphabet,
// padded or not) of a JSON object whose userId is a non-empty string. Other members are ignored, as
// the contract allows banks to add their own.
func DecodePSUIdentifier(v string) (PSUIdentifier, error) {
	if len(v) > MaxPSUIdentifierLen {
		return PSUIdentifier{}, fmt.Errorf("%s is longer than %d characters", HeaderPSUIdentifier, MaxPSUIdentifierLen)
	}
	v = strings.TrimSpace(v)
	var raw []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err = enc.DecodeString(v); err == nil {
			break
		}
	}
	if err != nil {
		return PSUIdentifier{}, fmt.Errorf("%s is not base64", HeaderPSUIdentifier)
	}
	// One decode into raw members: a JSON array, string or number fails here, null leaves both empty.
	var fields struct {
		UserID     json.RawMessage `json:"userId"`
		CustomerID json.RawMessage `json:"customerId"`
	}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return PSUIdentifier{}, fmt.Errorf("%s is not the base64 of a JSON object", HeaderPSUIdentifier)
	}
	var p PSUIdentifier
	if err := stringField(fields.UserID, "userId", &p.UserID); err != nil {
		return PSUIdentifier{}, err
	}
	if p.UserID == "" {
		return PSUIdentifier{}, fmt.Errorf("%s has no userId", HeaderPSUIdentifier)
	}
	if err := stringField(fields.CustomerID, "customerId", &p.CustomerID); err != nil {
		return PSUIdentifier{}, err
	}
	for _, s := range []string{p.UserID, p.CustomerID} {
		if len(s) > 256 || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return PSUIdentifier{}, errors.New(HeaderPSUIdentifier + " has an identifier that is too long or holds control characters")
		}
	}
	return p, nil
}

func stringField(raw json.RawMessage, name string, dst *string) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("%s: %s must be a string", HeaderPSUIdentifier, name)
	}
	return nil
}
