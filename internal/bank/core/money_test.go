package core_test

import (
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in      string
		want    core.Money
		wantErr bool
	}{
		{"0.00", 0, false},
		{"0.01", 1, false},
		{"1500.00", 150000, false},
		{"999999999999999.99", core.MaxMoney, false},
		{"1000000000000000.00", 0, true}, // 16 integer digits
		{"1500", 0, true},
		{"1500.0", 0, true},
		{"1500.000", 0, true},
		{"-1.00", 0, true},
		{"+1.00", 0, true},
		{"01.00", 0, true},
		{"1,00", 0, true},
		{"1e3.00", 0, true},
		{" 1.00", 0, true},
		{".50", 0, true},
		{"", 0, true},
	}
	for _, tc := range tests {
		got, err := core.ParseMoney(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("ParseMoney(%q) error = %v, wantErr %v", tc.in, err, tc.wantErr)
			continue
		}
		if err != nil && core.ErrorCode(err) != core.EINVALID {
			t.Errorf("ParseMoney(%q) error code = %s, want %s", tc.in, core.ErrorCode(err), core.EINVALID)
		}
		if got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestParseSignedMoney(t *testing.T) {
	m, err := core.ParseSignedMoney("-12.34")
	if err != nil || m != -1234 {
		t.Fatalf("ParseSignedMoney(-12.34) = %d, %v", m, err)
	}
	if _, err := core.ParseSignedMoney("--1.00"); err == nil {
		t.Fatal("ParseSignedMoney(--1.00) must fail")
	}
}

func TestMoneyString(t *testing.T) {
	tests := map[core.Money]string{0: "0.00", 1: "0.01", 10: "0.10", 150000: "1500.00", -5: "-0.05", -123456: "-1234.56"}
	for m, want := range tests {
		if got := m.String(); got != want {
			t.Errorf("Money(%d).String() = %s, want %s", int64(m), got, want)
		}
	}
	if got := core.Money(-7).Abs(); got != 7 {
		t.Errorf("Abs = %d", got)
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"0.01", "1500.00", "-1.00", "1e5", "", "99999999999999999999.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := core.ParseMoney(s)
		if err != nil {
			return
		}
		// Whatever parses must print back to exactly the same text: no precision is lost.
		if m.String() != s {
			t.Fatalf("ParseMoney(%q).String() = %q", s, m.String())
		}
		if m < 0 || m > core.MaxMoney {
			t.Fatalf("ParseMoney(%q) = %d out of range", s, m)
		}
	})
}
