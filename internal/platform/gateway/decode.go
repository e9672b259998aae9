package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
)

// readBody reads a JSON request body: Content-Type must be application/json (415 otherwise), the body
// at most maxBody bytes (400 otherwise).
func (g *gateway) readBody(r *http.Request) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" || (params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8")) {
		return nil, &apiError{status: http.StatusUnsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE", title: "Formato não suportado",
			detail: "the request body must be application/json (UTF-8)"}
	}
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, g.maxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, badRequest(codeInvalidBody, "the request body is larger than %d bytes", tooBig.Limit)
	}
	if err != nil {
		return nil, badRequest(codeInvalidBody, "the request body could not be read")
	}
	return b, nil
}

// decodeStrict decodes exactly one JSON object into v, refusing members v does not declare (the
// specs close their request schemas with additionalProperties: false).
func decodeStrict(b []byte, v any) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return badRequest(codeInvalidBody, "the request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest(codeInvalidBody, "the request body is not valid: %s", clip(jsonProblem(err), 300))
	}
	if dec.More() {
		return badRequest(codeInvalidBody, "the request body holds more than one JSON value")
	}
	return nil
}

// jsonProblem describes a decoding error without echoing large parts of the input.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "malformed JSON"
	case errors.As(err, &te):
		if te.Field != "" {
			return te.Field + " has the wrong type"
		}
		return "a member has the wrong type"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends early"
	}
	return err.Error()
}
