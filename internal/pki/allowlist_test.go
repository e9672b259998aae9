package pki_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

func TestFingerprintAndThumbprintHashTheDER(t *testing.T) {
	p := pkitest.New(t)
	c := p.Certificate(p.Client("a"))
	h := sha256.Sum256(c.Raw)
	if got := pki.Fingerprint(c); got != hex.EncodeToString(h[:]) {
		t.Errorf("Fingerprint = %s", got)
	}
	if got := pki.Thumbprint(c); got != base64.RawURLEncoding.EncodeToString(h[:]) || strings.ContainsAny(got, "=+/") {
		t.Errorf("Thumbprint = %s, want unpadded base64url", got)
	}
}

func TestAllowListEntries(t *testing.T) {
	p := pkitest.New(t)
	a, b, tpp := p.Client("bank-client"), p.Client("other"), p.TPP("tpp1")
	fa, fb := p.Fingerprint(a), p.Fingerprint(b)
	colons := func(fp string) string {
		var parts []string
		for i := 0; i < len(fp); i += 2 {
			parts = append(parts, strings.ToUpper(fp[i:i+2]))
		}
		return strings.Join(parts, ":")
	}
	tppDN := pki.SubjectDN(p.Certificate(tpp))
	tests := []struct {
		name                string
		list                string
		allowA, allowB, tpp bool
	}{
		{"lower-case fingerprint", fa, true, false, false},
		{"upper-case fingerprint with colons", colons(fa), true, false, false},
		{"OpenSSL fingerprint output", "SHA256 Fingerprint=" + colons(fb), false, true, false},
		{"sha256: prefix", "sha256:" + fb, false, true, false},
		{"comma-separated fingerprints", fa + "," + fb, true, true, false},
		{"newline-separated with comments and blanks", "# old\n" + fa + "\n\n# new\n" + fb + "\n", true, true, false},
		{"RFC 4514 DN", "CN=bank-client,C=BR", true, false, false},
		{"DN in OpenSSL order with spaces and other case", "c = br, cn = BANK-CLIENT", true, false, false},
		{"DN in slash form", "/C=BR/CN=other", false, true, false},
		{"two DNs separated by a semicolon", "CN=bank-client,C=BR; CN=other,C=BR", true, true, false},
		{"fingerprint then DN on one line", fb + ",CN=bank-client,C=BR", true, true, false},
		{"TPP DN as SubjectDN renders it", tppDN, false, false, true},
		{"DN with OIDs for the OBB attributes", strings.NewReplacer("organizationIdentifier=", "2.5.4.97=", "UID=", "0.9.2342.19200300.100.1.1=").Replace(tppDN), false, false, true},
		{"DN missing an attribute does not match", "CN=bank-client", false, false, false},
		{"fingerprint of another certificate", strings.Repeat("ab", 32), false, false, false},
		{"empty list allows nothing", "", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := pki.ParseAllowList(tt.list)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				name string
				id   pki.Identity
				want bool
			}{{"bank-client", a, tt.allowA}, {"other", b, tt.allowB}, {"tpp1", tpp, tt.tpp}} {
				if got := l.Allows(p.Certificate(c.id)); got != c.want {
					t.Errorf("Allows(%s) = %v, want %v", c.name, got, c.want)
				}
			}
		})
	}
}

func TestAllowListRejectsMalformedEntries(t *testing.T) {
	for _, s := range []string{"CN", "nonsense", "XX=1", "CN=a\\", strings.Repeat("g", 64), "CN=#zz"} {
		if _, err := pki.ParseAllowList(s); err == nil {
			t.Errorf("ParseAllowList(%q) accepted", s)
		}
	}
}

func TestAllowListCheckNamesTheCertificate(t *testing.T) {
	p := pkitest.New(t)
	c := p.Certificate(p.Client("stranger"))
	err := pki.AllowList{}.Check(c)
	if err == nil || !strings.Contains(err.Error(), pki.Fingerprint(c)) || !strings.Contains(err.Error(), "CN=stranger") {
		t.Fatalf("Check = %v, want subject and fingerprint named", err)
	}
}

func TestLoadAllowListNamesTheFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "allow.txt")
	if err := os.WriteFile(f, []byte("CN=ok\nbroken\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := pki.LoadAllowList(f)
	if err == nil || !strings.Contains(err.Error(), f) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err = %v, want file and line named", err)
	}
}

func FuzzParseAllowList(f *testing.F) {
	for _, s := range []string{
		"", "# comment\n", strings.Repeat("ab", 32), "SHA256 Fingerprint=" + strings.Repeat("AB:", 31) + "AB",
		"CN=a,O=b,C=BR", "/C=BR/O=x/CN=y", `CN="quoted, name",O=x`, `CN=a\,b+UID=1`, "2.5.4.97=#0c054f464242522d",
		"CN=a;CN=b\nCN=c", "CN= spaced \\ ", "oid.2.5.4.3=x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := pki.ParseAllowList(s)
		if err != nil {
			return
		}
		// What parsed must parse again from its own entries to the same size.
		again, err := pki.ParseAllowList(strings.Join(l.Entries(), "\n"))
		if err != nil {
			t.Fatalf("entries %q of %q do not parse again: %v", l.Entries(), s, err)
		}
		if again.Len() > l.Len() {
			t.Fatalf("re-parse grew from %d to %d entries", l.Len(), again.Len())
		}
	})
}
