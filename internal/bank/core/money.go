package core

import (
	"math"
	"strconv"
	"strings"
)

// Money is an exact amount in centavos (hundredths of the currency unit). Amounts on the wire are
// decimal strings with two places ("1234.56"); Money keeps them exact without floats, and an int64 of
// centavos covers every amount a bank account can hold.
type Money int64

// MaxMoney is the largest amount ParseMoney accepts: 15 integer digits, the width of the OBB amount
// pattern ^((\d{1,16}\.\d{2}))$ less one digit so sums of two amounts never overflow.
const MaxMoney Money = 999_999_999_999_999_99

// ParseMoney parses a non-negative decimal string with exactly two decimal places, the format of the
// Bank Connect and Open Banking Brasil amount fields ("0.01", "1500.00"). It refuses signs, exponents,
// spaces, thousands separators and any other number of decimals.
func ParseMoney(s string) (Money, error) {
	intPart, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 2 || len(intPart) == 0 || len(intPart) > 15 {
		return 0, Errorf(EINVALID, "amount %q must be a decimal with two places, like 1500.00", clip(s))
	}
	if len(intPart) > 1 && intPart[0] == '0' {
		return 0, Errorf(EINVALID, "amount %q must not have leading zeros", clip(s))
	}
	var v int64
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return 0, Errorf(EINVALID, "amount %q must contain only digits and one point", clip(s))
		}
		v = v*10 + int64(c-'0')
	}
	return Money(v), nil
}

// ParseSignedMoney is ParseMoney that also accepts a leading minus sign.
func ParseSignedMoney(s string) (Money, error) {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		m, err := ParseMoney(rest)
		return -m, err
	}
	return ParseMoney(s)
}

// String formats m with two decimal places and a leading minus when negative.
func (m Money) String() string {
	v := int64(m)
	sign := ""
	if v < 0 {
		sign = "-"
		if v == math.MinInt64 {
			return "-92233720368547758.08"
		}
		v = -v
	}
	frac := v % 100
	s := strconv.FormatInt(v/100, 10) + "."
	if frac < 10 {
		s += "0"
	}
	return sign + s + strconv.FormatInt(frac, 10)
}

// Abs returns the absolute value of m.
func (m Money) Abs() Money {
	if m < 0 {
		return -m
	}
	return m
}

// clip shortens untrusted input before it is echoed in an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
