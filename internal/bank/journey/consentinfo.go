package journey

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// consentInfo is what the pages need of a consent, read from the consent manager's body. The body is
// the TPP's request as the platform stored it: OBB members (permissions, loggedUser, businessEntity,
// payment, creditor) or OBIE ones (Permissions, Initiation, CreditorAccount); lookups ignore case so
// both shapes read the same.
type consentInfo struct {
	ID              string // consentBody.Data.ConsentId: the id PSU, TPP and the consent manager's path use
	Type            consentmgr.ConsentType
	Status          consentmgr.Status
	Created         time.Time
	StatusUpdated   time.Time
	Expires         time.Time
	TransactionFrom time.Time
	TransactionTo   time.Time
	TPPName         string
	Permissions     []string
	Scope           scope
	// LoggedUser and BusinessEntity are the CPF and CNPJ the TPP named (digits only), empty when absent.
	LoggedUser     string
	BusinessEntity string
	Payment        *paymentInfo
	UserID         string
	AccountIDs     []string
	History        []consentmgr.HistoryEntry
}

// paymentInfo is a payment consent's order.
type paymentInfo struct {
	Amount          string // decimal string as on the wire, "1000.00"
	Currency        string
	CreditorName    string
	CreditorTaxID   string
	CreditorKey     string // PIX key, or the account identification
	CreditorAccount string // ISPB/branch/number when given
	Date            string // yyyy-mm-dd when given
	LocalInstrument string
	Remittance      string
	// DebtorAccount is the account the TPP already named, if any (its number), which then is the
	// only one the customer may choose.
	DebtorAccount string
}

// readConsent extracts the consent's information. It never fails: missing members stay empty and the
// pages say so.
func readConsent(c consentmgr.ConsentGetResponse) consentInfo {
	ci := consentInfo{Type: c.ConsentType, TPPName: c.TPP.TPPName, AccountIDs: c.AccountIDs}
	if ci.TPPName == "" {
		ci.TPPName = c.TPP.ClientID
	}
	if c.PSUIdentifiers != nil {
		ci.UserID = c.PSUIdentifiers.UserID
	}
	data := map[string]any{}
	if c.ConsentBody != nil {
		d := c.ConsentBody.Data
		ci.ID, ci.Status, ci.Created, ci.StatusUpdated, ci.Expires = d.ConsentID, d.Status, d.CreationDateTime, d.StatusUpdateDateTime, d.ExpirationDateTime
		ci.History = c.ConsentBody.History
		for k, v := range d.Extra {
			var x any
			if json.Unmarshal(v, &x) == nil {
				data[k] = x
			}
		}
	}
	if ci.ID == "" {
		ci.ID = c.ID
	}
	// The TPP's request is the fallback for members the body does not repeat.
	var req map[string]any
	if json.Unmarshal(c.Request, &req) == nil {
		if rd, ok := lookup(req, "data").(map[string]any); ok {
			for k, v := range rd {
				if lookup(data, k) == nil {
					data[k] = v
				}
			}
		}
	}
	if ci.Expires.IsZero() {
		ci.Expires = timeOf(lookup(data, "expirationDateTime"))
	}
	ci.TransactionFrom = timeOf(lookup(data, "transactionFromDateTime"))
	ci.TransactionTo = timeOf(lookup(data, "transactionToDateTime"))
	if ps, ok := lookup(data, "permissions").([]any); ok {
		for _, p := range ps {
			if s, ok := p.(string); ok {
				ci.Permissions = append(ci.Permissions, s)
			}
		}
	}
	ci.Scope = scopeOf(ci.Permissions)
	ci.LoggedUser = digits(str(lookup(data, "loggedUser", "document", "identification")))
	ci.BusinessEntity = digits(str(lookup(data, "businessEntity", "document", "identification")))
	if c.ConsentType != consentmgr.TypeAccountAccess && c.ConsentType != "" {
		ci.Payment = readPayment(data)
	} else if lookup(data, "payment") != nil || lookup(data, "Initiation") != nil {
		ci.Payment = readPayment(data)
	}
	return ci
}

func readPayment(data map[string]any) *paymentInfo {
	p := &paymentInfo{}
	if pay, ok := lookup(data, "payment").(map[string]any); ok { // OBB fase 3
		p.Amount, p.Currency, p.Date = str(lookup(pay, "amount")), str(lookup(pay, "currency")), str(lookup(pay, "date"))
		p.LocalInstrument = str(lookup(pay, "details", "localInstrument"))
		p.CreditorKey = str(lookup(pay, "details", "proxy"))
		if acc, ok := lookup(pay, "details", "creditorAccount").(map[string]any); ok {
			p.CreditorAccount = joinNonEmpty(" ", "ISPB "+str(lookup(acc, "ispb")), "ag. "+str(lookup(acc, "issuer")), "conta "+str(lookup(acc, "number")))
		}
		if p.Remittance == "" {
			p.Remittance = str(lookup(pay, "remittanceInformation"))
		}
	}
	if cr, ok := lookup(data, "creditor").(map[string]any); ok {
		p.CreditorName, p.CreditorTaxID = str(lookup(cr, "name")), digits(str(lookup(cr, "cpfCnpj")))
	}
	if ini, ok := lookup(data, "Initiation").(map[string]any); ok { // OBIE
		if p.Amount == "" {
			p.Amount, p.Currency = str(lookup(ini, "InstructedAmount", "Amount")), str(lookup(ini, "InstructedAmount", "Currency"))
		}
		if p.CreditorName == "" {
			p.CreditorName = str(lookup(ini, "CreditorAccount", "Name"))
		}
		if p.CreditorKey == "" {
			p.CreditorKey = str(lookup(ini, "CreditorAccount", "Identification"))
		}
		if p.Remittance == "" {
			p.Remittance = str(lookup(ini, "RemittanceInformation", "Unstructured"))
		}
		if p.DebtorAccount == "" {
			p.DebtorAccount = str(lookup(ini, "DebtorAccount", "Identification"))
		}
		if p.Date == "" {
			p.Date = dateOnly(str(lookup(ini, "RequestedExecutionDateTime")))
		}
		if p.LocalInstrument == "" {
			p.LocalInstrument = str(lookup(ini, "LocalInstrument"))
		}
	}
	if p.Date == "" {
		p.Date = dateOnly(str(lookup(data, "RequestedExecutionDateTime")))
	}
	if da, ok := lookup(data, "debtorAccount").(map[string]any); ok && p.DebtorAccount == "" {
		p.DebtorAccount = str(lookup(da, "number"))
		if p.DebtorAccount == "" {
			p.DebtorAccount = str(lookup(da, "Identification"))
		}
	}
	if p.Currency == "" {
		p.Currency = "BRL"
	}
	return p
}

// lookup follows path through nested objects, matching member names without case.
func lookup(m map[string]any, path ...string) any {
	var cur any = m
	for _, name := range path {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		v, found := obj[name]
		if !found {
			for k, x := range obj {
				if strings.EqualFold(k, name) {
					v, found = x, true
					break
				}
			}
		}
		if !found {
			return nil
		}
		cur = v
	}
	return cur
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	default:
		return ""
	}
}

func timeOf(v any) time.Time {
	t, err := time.Parse(time.RFC3339, str(v))
	if err != nil {
		return time.Time{}
	}
	return t
}

func dateOnly(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

// digits keeps the digits of s (a CPF or CNPJ typed or sent with punctuation).
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" && !strings.HasSuffix(p, " ") {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
