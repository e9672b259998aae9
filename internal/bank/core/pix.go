package core

import (
	"strings"
)

// PIX identifies a creditor in one of three ways (Open Banking Brasil phase 3, Pagamentos v1:
// payment.details / CreatePixPaymentData): a key registered in the DICT directory, a QR code that
// carries the key, or the account itself (ISPB, branch, number, type). The functions here check that
// what a consent or a payment gives is well formed and consistent with its localInstrument, before any
// money moves.

// PIX key lengths and formats, from the DICT manual (Manual Operacional do DICT, §2 "Chaves Pix") as
// the OBB pixKey/proxy field describes them: CPF 11 digits, CNPJ 14 digits, phone in E.164 (+55…),
// e-mail up to 77 characters, random key (EVP) a lowercase UUID.
const (
	maxEmailKey = 77
	maxQRCode   = 512 // OBB qrCode maxLength, in bytes
)

// ClassifyPixKey returns the type of a well-formed PIX key and an EINVALID error for anything else.
// Ambiguity is resolved as the DICT does: 11 digits are a CPF (phones always carry +55), 14 digits a
// CNPJ.
func ClassifyPixKey(key string) (PixKeyType, error) {
	switch {
	case key == "":
		return "", Errorf(EINVALID, "the PIX key is empty")
	case len(key) == 11 && allDigits(key):
		if !ValidCPF(key) {
			return "", Errorf(EINVALID, "PIX key %q is not a valid CPF", clip(key))
		}
		return KeyCPF, nil
	case len(key) == 14 && allDigits(key):
		if !ValidCNPJ(key) {
			return "", Errorf(EINVALID, "PIX key %q is not a valid CNPJ", clip(key))
		}
		return KeyCNPJ, nil
	case strings.HasPrefix(key, "+"):
		if !validPhoneKey(key) {
			return "", Errorf(EINVALID, "PIX key %q is not a phone number in E.164 format (+5511987654321)", clip(key))
		}
		return KeyPhone, nil
	case strings.Contains(key, "@"):
		if !validEmailKey(key) {
			return "", Errorf(EINVALID, "PIX key %q is not a valid e-mail address of at most %d characters", clip(key), maxEmailKey)
		}
		return KeyEmail, nil
	case validEVP(key):
		return KeyEVP, nil
	default:
		return "", Errorf(EINVALID, "PIX key %q is not a CPF, CNPJ, phone, e-mail or random (EVP) key", clip(key))
	}
}

// validPhoneKey accepts E.164 numbers. Brazilian numbers (+55) must have a two-digit area code (DDD,
// 11–99) and an 8- or 9-digit subscriber number, as the DICT registers them.
func validPhoneKey(s string) bool {
	digits := s[1:]
	if len(digits) < 2 || len(digits) > 15 || !allDigits(digits) || digits[0] == '0' {
		return false
	}
	if !strings.HasPrefix(digits, "55") {
		return true
	}
	rest := digits[2:]
	if len(rest) != 10 && len(rest) != 11 {
		return false
	}
	return rest[0] != '0' && rest[1] != '0'
}

// validEmailKey follows the DICT's e-mail pattern: a local part of letters, digits and the usual
// specials, one @, and a dotted domain of letters, digits and hyphens; at most 77 characters.
func validEmailKey(s string) bool {
	if len(s) > maxEmailKey {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !isAlnum(c) && !strings.ContainsRune(".!#$&'*+/=?^_`{|}~-", rune(c)) {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	return true
}

// validEVP accepts the random keys the DICT issues: UUIDs (RFC 4122) in lowercase 8-4-4-4-12 form.
func validEVP(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// ValidISPB reports whether s is an ISPB: the 8 digits that identify an institution in the Brazilian
// payment system (OBB CreditorAccount.ispb pattern ^[0-9]{8}$).
func ValidISPB(s string) bool { return len(s) == 8 && allDigits(s) }

// Account types a PIX payment may credit (OBB EnumAccountPaymentsType).
var pixAccountTypes = map[string]bool{"CACC": true, "SLRY": true, "SVGS": true, "TRAN": true}

// ValidLocalInstrument reports whether li is one of the PIX local instruments.
func ValidLocalInstrument(li LocalInstrument) bool {
	switch li {
	case MANU, DICT, INIC, QRDN, QRES:
		return true
	}
	return false
}

// PixTerms is what identifies the creditor of a PIX payment, as a consent or a payment gives it.
type PixTerms struct {
	LocalInstrument LocalInstrument
	Creditor        Creditor // PixKey and the account fields; Name/TaxID/PersonType when known
	QRCode          string
}

// CheckPixTerms checks that t is well formed and consistent with its local instrument (OBB Pagamentos
// v1, "Regras de preenchimento" of localInstrument): MANU gives the account and no key or QR code;
// DICT and INIC give a key and no QR code; QRDN and QRES give a key and a QR code. A CPF or CNPJ key
// must be the creditor's own document when the creditor is named. The creditor account, when given,
// must be complete: ISPB, a 4-digit branch for CACC/SVGS/SLRY, the number with its check digit and a
// PIX account type. It returns an EINVALID *Error naming the first problem.
func CheckPixTerms(t PixTerms) error {
	c := t.Creditor
	if !ValidLocalInstrument(t.LocalInstrument) {
		return Errorf(EINVALID, "localInstrument %q is not one of MANU, DICT, INIC, QRDN, QRES", clip(string(t.LocalInstrument)))
	}
	if err := CheckCreditorIdentity(c); err != nil {
		return err
	}
	hasAccount := c.ISPB != "" || c.Number != "" || c.Issuer != "" || c.AccountType != ""
	switch t.LocalInstrument {
	case MANU:
		if c.PixKey != "" {
			return Errorf(EINVALID, "localInstrument MANU (manual entry) must not carry a PIX key")
		}
		if t.QRCode != "" {
			return Errorf(EINVALID, "localInstrument MANU (manual entry) must not carry a QR code")
		}
		if !hasAccount {
			return Errorf(EINVALID, "localInstrument MANU (manual entry) requires the creditor account")
		}
	case DICT, INIC:
		if c.PixKey == "" {
			return Errorf(EINVALID, "localInstrument %s requires the creditor's PIX key", t.LocalInstrument)
		}
		if t.QRCode != "" {
			return Errorf(EINVALID, "localInstrument %s must not carry a QR code", t.LocalInstrument)
		}
	case QRDN, QRES:
		if c.PixKey == "" {
			return Errorf(EINVALID, "localInstrument %s requires the creditor's PIX key", t.LocalInstrument)
		}
		if t.QRCode == "" {
			return Errorf(EINVALID, "localInstrument %s requires the QR code", t.LocalInstrument)
		}
		if err := CheckQRCode(t.QRCode); err != nil {
			return err
		}
	}
	if c.PixKey != "" {
		kt, err := ClassifyPixKey(c.PixKey)
		if err != nil {
			return err
		}
		if (kt == KeyCPF || kt == KeyCNPJ) && c.TaxID != "" && c.PixKey != c.TaxID {
			return Errorf(EINVALID, "the %s PIX key is not the creditor's own document", kt)
		}
	}
	if hasAccount {
		return CheckCreditorAccount(c)
	}
	return nil
}

// CheckCreditorIdentity checks the creditor's name and document when they are given (OBB
// Identification: personType, cpfCnpj, name): the document must be a valid CPF for PESSOA_NATURAL and
// a valid CNPJ for PESSOA_JURIDICA.
func CheckCreditorIdentity(c Creditor) error {
	if c.TaxID == "" && c.PersonType == "" {
		return nil
	}
	if len(c.Name) > 140 {
		return Errorf(EINVALID, "the creditor's name is longer than 140 characters")
	}
	if strings.TrimSpace(c.Name) == "" {
		return Errorf(EINVALID, "the creditor's name is required")
	}
	switch c.PersonType {
	case "PESSOA_NATURAL":
		if !ValidCPF(c.TaxID) {
			return Errorf(EINVALID, "the creditor's cpfCnpj %q is not a valid CPF", clip(c.TaxID))
		}
	case "PESSOA_JURIDICA":
		if !ValidCNPJ(c.TaxID) {
			return Errorf(EINVALID, "the creditor's cpfCnpj %q is not a valid CNPJ", clip(c.TaxID))
		}
	default:
		return Errorf(EINVALID, "the creditor's personType %q is not PESSOA_NATURAL or PESSOA_JURIDICA", clip(c.PersonType))
	}
	return nil
}

// CheckCreditorAccount checks the account fields of a creditor (OBB CreditorAccount): ISPB, branch
// (Issuer), number with check digit, and account type.
func CheckCreditorAccount(c Creditor) error {
	if !ValidISPB(c.ISPB) {
		return Errorf(EINVALID, "the creditor account's ISPB %q must be 8 digits", clip(c.ISPB))
	}
	if !pixAccountTypes[c.AccountType] {
		return Errorf(EINVALID, "the creditor account type %q is not one of CACC, SLRY, SVGS, TRAN", clip(c.AccountType))
	}
	if c.Issuer != "" && (len(c.Issuer) != 4 || !allDigits(c.Issuer)) {
		return Errorf(EINVALID, "the creditor account's branch %q must be 4 digits", clip(c.Issuer))
	}
	if c.Issuer == "" && c.AccountType != "TRAN" {
		return Errorf(EINVALID, "the creditor account's branch is required for account type %s", c.AccountType)
	}
	// Number carries the account number followed by its one-character check digit; the number itself
	// is 8 to 20 digits (OBB pattern ^\d{8,20}$).
	if len(c.Number) < 9 || len(c.Number) > 21 || !allDigits(c.Number[:len(c.Number)-1]) || !isAlnum(c.Number[len(c.Number)-1]) {
		return Errorf(EINVALID, "the creditor account number %q must be 8 to 20 digits followed by its check digit", clip(c.Number))
	}
	return nil
}

// CheckQRCode checks that s is a PIX BR Code (EMV® QRCPS merchant-presented mode, as the BCB's
// "Manual de Padrões para Iniciação do Pix" defines it): at most 512 bytes, payload format indicator
// "000201" first, the PIX GUI br.gov.bcb.pix inside, and a correct CRC16/CCITT-FALSE in the final
// "6304" field.
func CheckQRCode(s string) error {
	if len(s) > maxQRCode {
		return Errorf(EINVALID, "the QR code is longer than %d bytes", maxQRCode)
	}
	if !strings.HasPrefix(s, "000201") {
		return Errorf(EINVALID, "the QR code does not start with the payload format indicator 000201")
	}
	if !strings.Contains(strings.ToLower(s), "br.gov.bcb.pix") {
		return Errorf(EINVALID, "the QR code is not a PIX BR Code (no br.gov.bcb.pix)")
	}
	if len(s) < 8 || s[len(s)-8:len(s)-4] != "6304" {
		return Errorf(EINVALID, "the QR code does not end with its CRC field (6304…)")
	}
	want := strings.ToUpper(s[len(s)-4:])
	if got := QRCodeCRC(s[:len(s)-4]); got != want {
		return Errorf(EINVALID, "the QR code's CRC is %s but its content gives %s", clip(want), got)
	}
	return nil
}

// QRCodeCRC returns the CRC16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) of s as four uppercase
// hexadecimal digits, the checksum a BR Code ends with; s includes the "6304" tag and length.
func QRCodeCRC(s string) string {
	crc := uint16(0xFFFF)
	for i := 0; i < len(s); i++ {
		crc ^= uint16(s[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	const hex = "0123456789ABCDEF"
	return string([]byte{hex[crc>>12], hex[crc>>8&0xF], hex[crc>>4&0xF], hex[crc&0xF]})
}
