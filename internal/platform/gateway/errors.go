package gateway

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/obb"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
)

// apiError is an answer other than success: the HTTP status and the OBB error item. Handlers return
// it (or any error, which becomes a 500 and is logged); writeError is the one place that encodes it.
type apiError struct {
	status int
	code   string
	title  string
	detail string
	// cause is logged, never shown.
	cause error
}

func (e *apiError) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("%d %s: %s: %v", e.status, e.code, e.detail, e.cause)
	}
	return fmt.Sprintf("%d %s: %s", e.status, e.code, e.detail)
}

func (e *apiError) Unwrap() error { return e.cause }

// Error constructors, one per status the specs list.
func badRequest(code, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, title: "Requisição malformada", detail: fmt.Sprintf(format, args...)}
}

func unauthorized(format string, args ...any) *apiError {
	return &apiError{status: http.StatusUnauthorized, code: "UNAUTHORIZED", title: "Não autorizado", detail: fmt.Sprintf(format, args...)}
}

func forbidden(format string, args ...any) *apiError {
	return &apiError{status: http.StatusForbidden, code: "FORBIDDEN", title: "Acesso proibido", detail: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *apiError {
	return &apiError{status: http.StatusNotFound, code: "NOT_FOUND", title: "Recurso não encontrado", detail: fmt.Sprintf(format, args...)}
}

func unprocessable(code, title, format string, args ...any) *apiError {
	return &apiError{status: http.StatusUnprocessableEntity, code: code, title: title, detail: fmt.Sprintf(format, args...)}
}

func tooManyRequests(format string, args ...any) *apiError {
	return &apiError{status: http.StatusTooManyRequests, code: "TOO_MANY_REQUESTS", title: "Muitas requisições", detail: fmt.Sprintf(format, args...)}
}

func internal(cause error) *apiError {
	return &apiError{status: http.StatusInternalServerError, code: "INTERNAL_SERVER_ERROR", title: "Erro interno",
		detail: "the platform could not complete the request", cause: cause}
}

// Error codes of the gateway's 400s, named like the specs' own codes.
const (
	codeInvalidHeader     = "HEADER_INVALIDO"
	codeInvalidParameter  = "PARAMETRO_INVALIDO"
	codeInvalidBody       = "PAYLOAD_INVALIDO"
	codeInvalidPermission = "PERMISSAO_INVALIDA"
	codeInvalidDate       = "DATA_INVALIDA"
)

// fromBank maps a failed Bank Connect call to the TPP's answer: no answer in time or an open
// breaker is 504 (the bank is the platform's upstream), a bank failure is 500, a refusal is the
// closest OBB status for the bank's error code.
func fromBank(err error) *apiError {
	var be *bankclient.Error
	if !errors.As(err, &be) {
		return internal(err)
	}
	switch be.Kind {
	case bankclient.KindTimeout, bankclient.KindUnavailable:
		return &apiError{status: http.StatusGatewayTimeout, code: "GATEWAY_TIMEOUT", title: "Tempo esgotado",
			detail: "the account holder institution did not answer in time", cause: err}
	case bankclient.KindRejected:
		switch {
		case be.Status == http.StatusNotFound || be.Code == "NotFound":
			return &apiError{status: http.StatusNotFound, code: "NOT_FOUND", title: "Recurso não encontrado", detail: "the resource does not exist", cause: err}
		case be.Code == "NotAccessible":
			return &apiError{status: http.StatusForbidden, code: "FORBIDDEN", title: "Acesso proibido", detail: "the resource is not covered by the consent", cause: err}
		case be.Status == http.StatusBadRequest && be.Code == "InvalidRequest":
			return &apiError{status: http.StatusBadRequest, code: codeInvalidParameter, title: "Requisição malformada", detail: clip(be.Message, 500), cause: err}
		}
	}
	return internal(err)
}

// writeError writes err in the OBB error envelope. Anything that is not an *apiError is a 500 whose
// details are logged, not shown.
func (g *gateway) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = internal(err)
	}
	if ae.status >= 500 {
		g.log.ErrorContext(r.Context(), "gateway: request failed", "method", r.Method, "path", r.URL.Path,
			"status", ae.status, "interactionId", w.Header().Get(headerInteractionID), "error", err)
	}
	body := obb.ResponseError{
		Errors: []obb.Error{{Code: ae.code, Title: ae.title, Detail: ae.detail}},
		Meta:   &obb.Meta{TotalRecords: 1, TotalPages: 1, RequestDateTime: obb.DateTime(g.now())},
	}
	writeJSON(w, ae.status, "application/json; charset=utf-8", body)
}

// writeJSON encodes body with status.
func writeJSON(w http.ResponseWriter, status int, contentType string, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"code":"INTERNAL_SERVER_ERROR","title":"Erro interno","detail":"the response could not be encoded"}],"meta":{"totalRecords":1,"totalPages":1,"requestDateTime":"` + obb.DateTime(time.Now()) + `"}}`)
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

// clip shortens s to n bytes for an error detail.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
