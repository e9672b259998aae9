package connect

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// writeJSON encodes v as the whole response body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a bug can get here: every body is a plain struct of strings, slices and numbers.
		b = []byte(`{"errorCode":"InternalError","errorMessage":"internal error"}`)
		status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}
