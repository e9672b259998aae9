package consentmgr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// mergeExtra appends to the JSON object known the members of extra whose names known does not
// already hold, in name order, so output is deterministic.
func mergeExtra(known []byte, extra map[string]json.RawMessage, names []string) ([]byte, error) {
	if len(extra) == 0 {
		return known, nil
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if !isKnown(names, k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return known, nil
	}
	slices.Sort(keys)
	var b bytes.Buffer
	b.Grow(len(known) + 64*len(keys))
	b.Write(known[:len(known)-1]) // known is a JSON object: drop its closing brace
	first := len(known) == 2      // "{}"
	for _, k := range keys {
		v := extra[k]
		if !json.Valid(v) {
			return nil, fmt.Errorf("member %q is not valid JSON", k)
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		name, _ := json.Marshal(k)
		b.Write(name)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// splitExtra returns the members of the JSON object data whose names are not among names (compared
// without case, as encoding/json matches struct fields), or nil when there are none.
func splitExtra(data []byte, names []string) (map[string]json.RawMessage, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	for k := range all {
		if isKnown(names, k) {
			delete(all, k)
		}
	}
	if len(all) == 0 {
		return nil, nil
	}
	return all, nil
}

func isKnown(names []string, k string) bool {
	for _, n := range names {
		if strings.EqualFold(n, k) {
			return true
		}
	}
	return false
}

// isObject reports whether data is a JSON object (after leading white space).
func isObject(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && data[0] == '{'
}
