package store

import (
	"encoding/json"
	"fmt"
)

// Nested parts that are only ever read whole are kept as JSON text of the core types themselves: a
// new field in core then needs no migration, and reading one costs a single column.

// encodeJSON returns v as JSON text, or "" for a nil pointer so absent parts cost nothing.
func encodeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode %T: %w", v, err)
	}
	if string(b) == "null" {
		return "", nil
	}
	return string(b), nil
}

// decodeJSON fills v from JSON text; empty text leaves v untouched.
func decodeJSON(text string, v any) error {
	if text == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(text), v); err != nil {
		return fmt.Errorf("decode %T: %w", v, err)
	}
	return nil
}
