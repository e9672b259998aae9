package core

import "strings"

// CPF and CNPJ are the Brazilian taxpayer numbers of persons and companies. Both end in two check
// digits computed modulo 11 (Receita Federal's rules); the functions here accept only the 11 or 14
// digits, without punctuation, which is how the contracts carry them.

// ValidCPF reports whether s is 11 digits with correct check digits and not one digit repeated (the
// repeated forms pass the arithmetic but are not issued).
func ValidCPF(s string) bool {
	if len(s) != 11 || !allDigits(s) || repeated(s) {
		return false
	}
	return s[9] == cpfDigit(s[:9]) && s[10] == cpfDigit(s[:10])
}

// ValidCNPJ reports whether s is 14 digits with correct check digits and not one digit repeated.
func ValidCNPJ(s string) bool {
	if len(s) != 14 || !allDigits(s) || repeated(s) {
		return false
	}
	return s[12] == cnpjDigit(s[:12]) && s[13] == cnpjDigit(s[:13])
}

// CompleteCPF appends the two check digits to a 9-digit CPF base.
func CompleteCPF(base string) string {
	s := base + string(cpfDigit(base))
	return s + string(cpfDigit(s))
}

// CompleteCNPJ appends the two check digits to a 12-digit CNPJ base (8-digit root and 4-digit branch).
func CompleteCNPJ(base string) string {
	s := base + string(cnpjDigit(base))
	return s + string(cnpjDigit(s))
}

// FormatCPF renders a valid CPF as 123.456.789-09 for display.
func FormatCPF(s string) string {
	if len(s) != 11 {
		return s
	}
	return s[:3] + "." + s[3:6] + "." + s[6:9] + "-" + s[9:]
}

// FormatCNPJ renders a valid CNPJ as 12.345.678/0001-95 for display.
func FormatCNPJ(s string) string {
	if len(s) != 14 {
		return s
	}
	return s[:2] + "." + s[2:5] + "." + s[5:8] + "/" + s[8:12] + "-" + s[12:]
}

// MaskTaxID hides all but the middle digits of a CPF (***.456.789-**) and keeps a CNPJ's root, so
// logs and pages can name a customer without exposing the full document number.
func MaskTaxID(s string) string {
	switch len(s) {
	case 11:
		return "***." + s[3:6] + "." + s[6:9] + "-**"
	case 14:
		return s[:2] + "." + s[2:5] + "." + s[5:8] + "/****-**"
	default:
		return strings.Repeat("*", len(s))
	}
}

func cpfDigit(s string) byte {
	sum := 0
	w := len(s) + 1
	for i := range len(s) {
		sum += int(s[i]-'0') * (w - i)
	}
	r := sum % 11
	if r < 2 {
		return '0'
	}
	return byte('0' + 11 - r)
}

func cnpjDigit(s string) byte {
	weights := []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	w := weights[len(weights)-len(s):]
	sum := 0
	for i := range len(s) {
		sum += int(s[i]-'0') * w[i]
	}
	r := sum % 11
	if r < 2 {
		return '0'
	}
	return byte('0' + 11 - r)
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func repeated(s string) bool {
	return strings.Count(s, s[:1]) == len(s)
}
