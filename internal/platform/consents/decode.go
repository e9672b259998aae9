package consents

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// readJSONBody checks the request's Content-Type and reads its body within limit bytes.
func readJSONBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, *apiError) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return nil, badRequest(consentmgr.CodeUnsupportedMediaType,
			fmt.Sprintf("Content-Type must be application/json, not %q", r.Header.Get("Content-Type")))
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, badRequest(consentmgr.CodePayloadTooLarge, fmt.Sprintf("the body is larger than %d bytes", limit))
	}
	if err != nil {
		return nil, badRequest(consentmgr.CodeInvalidRequest, "the body could not be read")
	}
	return data, nil
}

// decodeStrict decodes exactly one JSON value from data into dst, refusing members dst does not
// name and anything after the value.
func decodeStrict(data []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("the body holds more than one JSON value")
	}
	return nil
}

// jsonError rewords encoding/json's errors for a caller who does not read Go.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return errors.New("the body is empty")
	case errors.As(err, &syntax):
		return fmt.Errorf("malformed JSON at byte %d", syntax.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Errorf("%s must be %s, not %s", typ.Field, typ.Type.Kind(), typ.Value)
	case errors.As(err, &typ):
		return fmt.Errorf("the body must be an object, not %s", typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Errorf("member %s is not allowed", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return fmt.Errorf("invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// postRequired are the members ConsentPostRequest requires.
var postRequired = []string{"consentType", "request", "requestHeaders", "tpp"}

// decodePostRequest parses the body of POST /consents: an object with the contract's members only
// (additionalProperties: false) and its required ones present.
func decodePostRequest(data []byte) (consentmgr.ConsentPostRequest, error) {
	var req consentmgr.ConsentPostRequest
	if err := decodeStrict(data, &req); err != nil {
		return req, err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return req, jsonError(err)
	}
	for _, m := range postRequired {
		if v, ok := members[m]; !ok || string(v) == "null" {
			return req, fmt.Errorf("member %s is required", m)
		}
	}
	return req, nil
}

// decodePatchRequest parses the body of PATCH /consents/{consentId}. Members other than the
// contract's four are refused rather than ignored: a bank that thinks it patched something must hear
// that it did not.
func decodePatchRequest(data []byte) (consentmgr.ConsentPatchRequest, error) {
	var req consentmgr.ConsentPatchRequest
	err := decodeStrict(data, &req)
	return req, err
}
