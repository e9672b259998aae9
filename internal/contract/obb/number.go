package obb

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
)

// Number is an exact decimal amount written as a JSON number literal ("100.04", "-3.1415"). The
// specs type amounts as numbers with decimal patterns; keeping the text means no amount ever passes
// through a float. The zero value "" is written as null (the specs' nullable amounts).
type Number string

var decimalText = regexp.MustCompile(`^-?\d{1,20}(\.\d{1,8})?$`)

// MarshalJSON writes the decimal text as a number literal, or null when empty. Leading zeros of the
// integer part ("007", a zero-padded count or code) are dropped: JSON numbers do not allow them.
func (n Number) MarshalJSON() ([]byte, error) {
	if n == "" {
		return []byte("null"), nil
	}
	if !decimalText.MatchString(string(n)) {
		return nil, errors.New("obb: amount " + string(n) + " is not a decimal")
	}
	return []byte(canonical(string(n))), nil
}

// canonical drops the leading zeros of a decimal's integer part, keeping one before the point.
func canonical(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	if hasFrac {
		return sign + whole + "." + frac
	}
	return sign + whole
}

// UnmarshalJSON keeps the literal text of a JSON number or the contents of a JSON string (TPPs and
// the specs' own examples write both).
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*n = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if !decimalText.MatchString(s) {
			return errors.New("amount is not a decimal number")
		}
		*n = Number(s)
		return nil
	case decimalText.Match(b):
		*n = Number(b)
		return nil
	}
	return errors.New("amount must be a decimal number")
}
