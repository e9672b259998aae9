package password

import (
	"errors"
	"strings"
	"testing"
)

func TestHashVerifyDefault(t *testing.T) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q does not carry the production parameters", h)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{
		{"correct horse battery staple", true},
		{"correct horse battery stapl", false},
		{"", false},
	} {
		ok, err := Verify(h, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("Verify(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	if NeedsRehash(h) {
		t.Error("a Default hash needs no rehash")
	}
}

func TestSaltsDiffer(t *testing.T) {
	a, _ := Cheap.Hash("x")
	b, _ := Cheap.Hash("x")
	if a == b {
		t.Fatal("two hashes of one password share a salt")
	}
}

func TestCheapHashesNeedRehash(t *testing.T) {
	h, err := Cheap.Hash("pw")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := Verify(h, "pw"); !ok || err != nil {
		t.Fatalf("Verify cheap hash = %v, %v", ok, err)
	}
	if !NeedsRehash(h) {
		t.Error("a Cheap hash must need a rehash to Default")
	}
	if Cheap.NeedsRehash(h) {
		t.Error("a Cheap hash meets Cheap parameters")
	}
	if !NeedsRehash("$2a$10$abcdefghijklmnopqrstuv") {
		t.Error("a non-argon2id hash must need a rehash")
	}
}

func TestHashWithSaltIsReproducible(t *testing.T) {
	salt := []byte("0123456789abcdef")
	a, err := Cheap.HashWithSalt("pw", salt)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Cheap.HashWithSalt("pw", salt)
	if a != b {
		t.Fatalf("same salt gave %q and %q", a, b)
	}
	if _, err := Cheap.HashWithSalt("pw", []byte("short")); err == nil {
		t.Error("a 5-byte salt must be refused")
	}
}

// TestKnownVector checks interoperability with the reference implementation: the PHC string below was
// produced by `echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1 -l 32` (phc-winner-argon2).
func TestKnownVector(t *testing.T) {
	const h = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
	ok, err := Verify(h, "password")
	if err != nil || !ok {
		t.Fatalf("reference vector: %v, %v", ok, err)
	}
}

func TestVerifyRejectsMalformed(t *testing.T) {
	good, _ := Cheap.HashWithSalt("pw", []byte("0123456789abcdef"))
	parts := strings.Split(good, "$")
	for name, h := range map[string]string{
		"empty":          "",
		"bcrypt":         "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":        strings.Replace(good, "argon2id", "argon2i", 1),
		"version 16":     strings.Replace(good, "v=19", "v=16", 1),
		"no leading $":   good[1:],
		"extra field":    good + "$x",
		"param order":    strings.Replace(good, "m=64,t=1,p=1", "t=1,m=64,p=1", 1),
		"zero threads":   strings.Replace(good, "p=1", "p=0", 1),
		"huge memory":    strings.Replace(good, "m=64", "m=4294967295", 1),
		"overflow p":     strings.Replace(good, "p=1", "p=256", 1),
		"negative t":     strings.Replace(good, "t=1", "t=-1", 1),
		"leading zero":   strings.Replace(good, "m=64", "m=064", 1),
		"padded salt":    strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4] + "==", parts[5]}, "$"),
		"bad base64":     strings.Join([]string{"", parts[1], parts[2], parts[3], "!!!!!!!!!!!!", parts[5]}, "$"),
		"short key":      strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"memory too low": strings.Replace(good, "m=64,t=1,p=1", "m=7,t=1,p=1", 1),
	} {
		ok, err := Verify(h, "pw")
		if ok || !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: Verify(%q) = %v, %v; want ErrMalformed", name, h, ok, err)
		}
	}
}

// FuzzParse feeds arbitrary stored strings to the PHC parser: it must never panic, and whatever it
// accepts must render back to the same string and stay within the cost limits.
func FuzzParse(f *testing.F) {
	good, _ := Cheap.HashWithSalt("pw", []byte("0123456789abcdef"))
	for _, s := range []string{
		good,
		"$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
		"", "$", "$$$$$", "$argon2id$v=19$m=,t=,p=$$", "$argon2id$v=19$m=9999999999,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
		"$2y$10$abc",
	} {
		f.Add(s, "pw")
	}
	f.Fuzz(func(t *testing.T, s, pw string) {
		h, err := parse(s)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("parse(%q) error %v does not wrap ErrMalformed", s, err)
			}
			return
		}
		if h.String() != s {
			t.Fatalf("parse(%q) renders back as %q", s, h.String())
		}
		if h.Memory > maxMemory || h.Time > maxTime {
			t.Fatalf("parse(%q) accepted parameters beyond the limits", s)
		}
		if h.Memory <= 1024 && h.Time <= 4 {
			if _, err := Verify(s, pw); err != nil {
				t.Fatalf("Verify(%q) after a successful parse: %v", s, err)
			}
		}
	})
}
