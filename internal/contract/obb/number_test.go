package obb_test

import (
	"encoding/json"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/obb"
)

func TestNumberKeepsTheExactDecimal(t *testing.T) {
	for _, c := range []struct {
		in, text string
		ok       bool
	}{
		{`100.04`, "100.04", true},
		{`"100.04"`, "100.04", true},
		{`-3.1415`, "-3.1415", true},
		{`12345678901234567.89`, "12345678901234567.89", true},
		{`null`, "", true},
		{`1e3`, "", false},
		{`"abc"`, "", false},
		{`true`, "", false},
		{`{}`, "", false},
	} {
		var n obb.Number
		err := json.Unmarshal([]byte(c.in), &n)
		if (err == nil) != c.ok || string(n) != c.text {
			t.Errorf("%s: %q, %v", c.in, n, err)
			continue
		}
		if !c.ok {
			continue
		}
		out, err := json.Marshal(n)
		want := c.text
		if want == "" {
			want = "null"
		}
		if err != nil || string(out) != want {
			t.Errorf("%s: marshals as %s, %v", c.in, out, err)
		}
	}
	if b, err := json.Marshal(obb.Number("0111301")); err != nil || string(b) != "111301" {
		t.Errorf("a zero-padded code encodes as %s, %v", b, err)
	}
	if _, err := json.Marshal(obb.Number("1,5")); err == nil {
		t.Error("a non-decimal marshals")
	}
}

func FuzzNumber(f *testing.F) {
	for _, s := range []string{`1.00`, `"2.50"`, `-0.1`, `null`, `1e400`, `"x"`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var n obb.Number
		if json.Unmarshal(b, &n) != nil {
			return
		}
		out, err := json.Marshal(n)
		if err != nil {
			t.Fatalf("%q decoded to %q, which does not encode: %v", b, n, err)
		}
		var back obb.Number
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q encodes to %s, which does not decode: %v", n, out, err)
		}
		if again, _ := json.Marshal(back); string(again) != string(out) {
			t.Fatalf("%q does not round-trip: %s then %s", n, out, again)
		}
	})
}
