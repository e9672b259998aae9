package core

import (
	"strings"
	"testing"
	"time"
)

// qr builds a PIX BR Code with a correct CRC around payload fields.
func qr(fields string) string {
	s := "000201" + "26" + "360014br.gov.bcb.pix0114" + "+5561912345678" + fields + "6304"
	return s + QRCodeCRC(s)
}

func TestClassifyPixKey(t *testing.T) {
	cases := []struct {
		key  string
		want PixKeyType
		ok   bool
	}{
		{CompleteCPF("123456789"), KeyCPF, true},
		{"12345678900", "", false}, // bad check digits
		{CompleteCNPJ("123456780001"), KeyCNPJ, true},
		{"11111111111111", "", false},
		{"+5511987654321", KeyPhone, true},
		{"+551187654321", KeyPhone, true},
		{"+5501987654321", "", false}, // DDD 01 does not exist
		{"+55119876", "", false},
		{"+14155552671", KeyPhone, true},
		{"+0", "", false},
		{"ana.carvalho@example.com.br", KeyEmail, true},
		{"ana@localhost", "", false},
		{"@example.com", "", false},
		{"a b@example.com", "", false},
		{strings.Repeat("a", 70) + "@exa.com", "", false}, // 78 characters
		{"123e4567-e89b-42d3-a456-426614174000", KeyEVP, true},
		{"123E4567-E89B-42D3-A456-426614174000", "", false}, // the DICT issues lowercase
		{"123e4567e89b42d3a456426614174000", "", false},
		{"", "", false},
		{"not a key", "", false},
	}
	for _, c := range cases {
		got, err := ClassifyPixKey(c.key)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ClassifyPixKey(%q) = %q, %v; want %q, ok=%v", c.key, got, err, c.want, c.ok)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("ClassifyPixKey(%q) error code %q, want %q", c.key, ErrorCode(err), EINVALID)
		}
	}
}

func TestCheckQRCode(t *testing.T) {
	good := qr("52040000530398654051.005802BR5913FULANO DE TAL6008BRASILIA")
	if err := CheckQRCode(good); err != nil {
		t.Fatalf("CheckQRCode(good) = %v", err)
	}
	// The example of the BCB's BR Code manual, whose CRC is 1D3D.
	bcb := "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
	if err := CheckQRCode(bcb); err != nil {
		t.Errorf("CheckQRCode(BCB example) = %v", err)
	}
	bad := []string{
		good[:len(good)-1] + "0",
		strings.Replace(good, "BRASILIA", "BRASILIO", 1),
		"000201" + strings.Repeat("9", 600),
		"hello",
		strings.Replace(good, "br.gov.bcb.pix", "br.gov.xyz.pix", 1),
	}
	for _, b := range bad {
		if err := CheckQRCode(b); ErrorCode(err) != EINVALID {
			t.Errorf("CheckQRCode(%.30q…) = %v, want EINVALID", b, err)
		}
	}
}

func TestCheckPixTerms(t *testing.T) {
	cpf := CompleteCPF("555666777")
	person := Creditor{Name: "Marcos Lima", TaxID: cpf, PersonType: "PESSOA_NATURAL"}
	withAccount := func(c Creditor) Creditor {
		c.ISPB, c.Issuer, c.Number, c.AccountType = "60746948", "0452", "123456789", "CACC"
		return c
	}
	withKey := func(c Creditor, k string) Creditor { c.PixKey = k; return c }
	code := qr("5802BR")
	cases := []struct {
		name string
		t    PixTerms
		ok   bool
	}{
		{"MANU with account", PixTerms{MANU, withAccount(person), ""}, true},
		{"MANU without account", PixTerms{MANU, person, ""}, false},
		{"MANU with key", PixTerms{MANU, withKey(withAccount(person), cpf), ""}, false},
		{"MANU with QR", PixTerms{MANU, withAccount(person), code}, false},
		{"DICT with key", PixTerms{DICT, withKey(person, "marcos@example.com.br"), ""}, true},
		{"DICT with own CPF key", PixTerms{DICT, withKey(person, cpf), ""}, true},
		{"DICT with another's CPF key", PixTerms{DICT, withKey(person, CompleteCPF("123456789")), ""}, false},
		{"DICT without key", PixTerms{DICT, person, ""}, false},
		{"DICT with QR", PixTerms{DICT, withKey(person, "+5511987654321"), code}, false},
		{"INIC with key and account", PixTerms{INIC, withKey(withAccount(person), "+5511987654321"), ""}, true},
		{"QRDN with key and QR", PixTerms{QRDN, withKey(person, "+5561912345678"), code}, true},
		{"QRES without QR", PixTerms{QRES, withKey(person, "+5561912345678"), ""}, false},
		{"QRES with bad QR", PixTerms{QRES, withKey(person, "+5561912345678"), code + "0"}, false},
		{"unknown instrument", PixTerms{"TEDX", withAccount(person), ""}, false},
		{"bad key", PixTerms{DICT, withKey(person, "nope"), ""}, false},
		{"CNPJ for a person", PixTerms{MANU, withAccount(Creditor{Name: "X", TaxID: CompleteCNPJ("123456780001"), PersonType: "PESSOA_NATURAL"}), ""}, false},
		{"company", PixTerms{MANU, withAccount(Creditor{Name: "X Ltda", TaxID: CompleteCNPJ("123456780001"), PersonType: "PESSOA_JURIDICA"}), ""}, true},
		{"no name", PixTerms{MANU, withAccount(Creditor{TaxID: cpf, PersonType: "PESSOA_NATURAL"}), ""}, false},
		{"bad person type", PixTerms{MANU, withAccount(Creditor{Name: "X", TaxID: cpf, PersonType: "ALIEN"}), ""}, false},
	}
	for _, c := range cases {
		err := CheckPixTerms(c.t)
		if (err == nil) != c.ok {
			t.Errorf("%s: CheckPixTerms = %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

func TestCheckCreditorAccount(t *testing.T) {
	base := Creditor{ISPB: "60746948", Issuer: "0452", Number: "123456789", AccountType: "CACC"}
	cases := []struct {
		name   string
		change func(*Creditor)
		ok     bool
	}{
		{"complete", func(*Creditor) {}, true},
		{"check digit X", func(c *Creditor) { c.Number = "12345678X" }, true},
		{"short ISPB", func(c *Creditor) { c.ISPB = "6074694" }, false},
		{"letters in ISPB", func(c *Creditor) { c.ISPB = "6074694A" }, false},
		{"unknown type", func(c *Creditor) { c.AccountType = "CHECKING" }, false},
		{"branch of 3 digits", func(c *Creditor) { c.Issuer = "452" }, false},
		{"no branch for CACC", func(c *Creditor) { c.Issuer = "" }, false},
		{"no branch for TRAN", func(c *Creditor) { c.Issuer, c.AccountType = "", "TRAN" }, true},
		{"number too short", func(c *Creditor) { c.Number = "12345" }, false},
		{"number too long", func(c *Creditor) { c.Number = strings.Repeat("1", 22) }, false},
		{"letters in number", func(c *Creditor) { c.Number = "1234a56789" }, false},
	}
	for _, c := range cases {
		cr := base
		c.change(&cr)
		if err := CheckCreditorAccount(cr); (err == nil) != c.ok {
			t.Errorf("%s: CheckCreditorAccount = %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

func TestNewEndToEndID(t *testing.T) {
	id := NewEndToEndID("40140140", time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC))
	if len(id) != 32 || !strings.HasPrefix(id, "E40140140202606301200") {
		t.Errorf("NewEndToEndID = %q, want 32 characters starting E40140140202606301200", id)
	}
	if NewEndToEndID("40140140", time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)) == id {
		t.Errorf("two endToEndIds are equal")
	}
	u := NewUUID()
	if !validEVP(u) || u[14] != '4' {
		t.Errorf("NewUUID = %q, not a lowercase version-4 UUID", u)
	}
}

// FuzzPixInput feeds arbitrary text to the PIX key classifier and the QR code check: neither panics,
// a key accepted as a type round-trips its rules, and a QR code accepted ends with its own CRC.
func FuzzPixInput(f *testing.F) {
	for _, s := range []string{CompleteCPF("123456789"), "+5511987654321", "ana@example.com", "123e4567-e89b-42d3-a456-426614174000",
		qr("5802BR"), "000201", "", "@", "+", strings.Repeat("9", 600)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if kt, err := ClassifyPixKey(s); err == nil {
			switch kt {
			case KeyCPF:
				if !ValidCPF(s) {
					t.Fatalf("%q accepted as a CPF", s)
				}
			case KeyCNPJ:
				if !ValidCNPJ(s) {
					t.Fatalf("%q accepted as a CNPJ", s)
				}
			case KeyEmail:
				if len(s) > maxEmailKey {
					t.Fatalf("%q accepted as an e-mail", s)
				}
			}
		} else if ErrorCode(err) != EINVALID {
			t.Fatalf("ClassifyPixKey(%q) = %v", s, err)
		}
		if err := CheckQRCode(s); err == nil && QRCodeCRC(s[:len(s)-4]) != strings.ToUpper(s[len(s)-4:]) {
			t.Fatalf("%q accepted with a wrong CRC", s)
		}
	})
}
