package core_test

import (
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

func TestValidCPF(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"52998224725", true},   // a commonly published valid example
		{"11144477735", true},   // Receita Federal's documentation example
		{"52998224724", false},  // wrong second digit
		{"52998224715", false},  // wrong first digit
		{"11111111111", false},  // repeated digits pass the arithmetic but are never issued
		{"5299822472", false},   // too short
		{"529982247250", false}, // too long
		{"529.982.247-25", false},
		{"5299822472a", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := core.ValidCPF(tc.in); got != tc.want {
			t.Errorf("ValidCPF(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestValidCNPJ(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"11222333000181", true},
		{"11444777000161", true},
		{"11222333000182", false},
		{"11222333000171", false},
		{"00000000000000", false},
		{"1122233300018", false},
		{"11.222.333/0001-81", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := core.ValidCNPJ(tc.in); got != tc.want {
			t.Errorf("ValidCNPJ(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCompleteTaxIDsAreValid(t *testing.T) {
	for i := range 2000 {
		base := []byte("000000000")
		n := i * 48271
		for j := len(base) - 1; j >= 0; j-- {
			base[j] = byte('0' + n%10)
			n /= 10
		}
		cpf := core.CompleteCPF(string(base))
		if !core.ValidCPF(cpf) && !allSame(cpf) {
			t.Fatalf("CompleteCPF(%s) = %s is not valid", base, cpf)
		}
		cnpj := core.CompleteCNPJ(string(base[:8]) + "0001")
		if !core.ValidCNPJ(cnpj) {
			t.Fatalf("CompleteCNPJ(%s0001) = %s is not valid", base[:8], cnpj)
		}
	}
}

func allSame(s string) bool {
	for i := range len(s) {
		if s[i] != s[0] {
			return false
		}
	}
	return true
}

func TestFormatAndMaskTaxIDs(t *testing.T) {
	if got := core.FormatCPF("52998224725"); got != "529.982.247-25" {
		t.Errorf("FormatCPF = %s", got)
	}
	if got := core.FormatCNPJ("11222333000181"); got != "11.222.333/0001-81" {
		t.Errorf("FormatCNPJ = %s", got)
	}
	if got := core.MaskTaxID("52998224725"); got != "***.982.247-**" {
		t.Errorf("MaskTaxID(CPF) = %s", got)
	}
	if got := core.MaskTaxID("11222333000181"); got != "11.222.333/****-**" {
		t.Errorf("MaskTaxID(CNPJ) = %s", got)
	}
	if got := core.MaskTaxID("123"); got != "***" {
		t.Errorf("MaskTaxID(other) = %s", got)
	}
}

func FuzzTaxIDs(f *testing.F) {
	for _, s := range []string{"52998224725", "11222333000181", "", "abc", "00000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Must never panic, and a valid number must keep its check digits when completed again.
		if core.ValidCPF(s) && core.CompleteCPF(s[:9]) != s {
			t.Fatalf("CompleteCPF disagrees with ValidCPF for %s", s)
		}
		if core.ValidCNPJ(s) && core.CompleteCNPJ(s[:12]) != s {
			t.Fatalf("CompleteCNPJ disagrees with ValidCNPJ for %s", s)
		}
		if m := core.MaskTaxID(s); len(m) < len(s) {
			t.Fatalf("MaskTaxID(%q) = %q lost characters", s, m)
		}
	})
}
