package main

import (
	"errors"
	"testing"

	"github.com/ifconnect/ifconnect/internal/config"
)

func TestBankPaymentUsageMistakes(t *testing.T) {
	for _, args := range [][]string{
		{"bank", "--ispb", "1234"},
		{"bank", "--ispb", "4014014A"},
		{"bank", "--max-payment", "ten"},
		{"bank", "--max-payment", "0.00"},
		{"bank", "--max-payment", "1.5"},
		{"bank", "--settlement-delay", "-1s"},
		{"bank", "--settlement-delay", "soon"},
	} {
		_, _, err := runCmd(t, nil, append(args, "--state", t.TempDir())...)
		var ue *config.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
}
