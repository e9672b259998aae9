package journey

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

func TestReadConsentShapes(t *testing.T) {
	tests := []struct {
		name string
		body string
		typ  consentmgr.ConsentType
		want func(consentInfo) bool
	}{
		{"OBB data sharing", `{"Data":{"ConsentId":"urn:x:1","Status":"AwaitingAuthorisation","permissions":["ACCOUNTS_READ","ACCOUNTS_BALANCES_READ","RESOURCES_READ"],` +
			`"loggedUser":{"document":{"identification":"529.982.247-25","rel":"CPF"}},"businessEntity":{"document":{"identification":"11222333000181","rel":"CNPJ"}},` +
			`"expirationDateTime":"2027-01-01T00:00:00Z"}}`, consentmgr.TypeAccountAccess,
			func(c consentInfo) bool {
				return c.ID == "urn:x:1" && c.LoggedUser == "52998224725" && c.BusinessEntity == "11222333000181" && c.Scope.Accounts &&
					len(c.Scope.Categories) == 1 && c.Scope.Categories[0].Groups[0] == grpBalances && c.Expires.Year() == 2027 && c.Payment == nil
			}},
		{"OBIE data sharing", `{"Data":{"ConsentId":"aac-1","Permissions":["ReadAccountsBasic","ReadBalances","ReadTransactionsDetail"]}}`, consentmgr.TypeAccountAccess,
			func(c consentInfo) bool { return c.Scope.Accounts && len(c.Scope.Categories[0].Groups) == 2 }},
		{"OBB PIX payment", `{"Data":{"ConsentId":"urn:x:p","payment":{"type":"PIX","amount":"100.00","currency":"BRL","date":"2026-03-05",` +
			`"details":{"localInstrument":"DICT","proxy":"a@b.c"}},"creditor":{"name":"Loja","cpfCnpj":"11222333000181"},"debtorAccount":{"number":"123"}}}`,
			consentmgr.TypeDomesticPayment,
			func(c consentInfo) bool {
				p := c.Payment
				return p != nil && p.Amount == "100.00" && p.CreditorName == "Loja" && p.CreditorKey == "a@b.c" && p.DebtorAccount == "123" && p.Date == "2026-03-05"
			}},
		{"OBIE domestic payment", `{"Data":{"ConsentId":"pc-1","Initiation":{"InstructedAmount":{"Amount":"9.90","Currency":"BRL"},` +
			`"CreditorAccount":{"SchemeName":"BR.CPF","Identification":"52998224725","Name":"Fulano"},"DebtorAccount":{"Identification":"777"}}}}`,
			consentmgr.TypeDomesticPayment,
			func(c consentInfo) bool {
				p := c.Payment
				return p != nil && p.Amount == "9.90" && p.CreditorName == "Fulano" && p.DebtorAccount == "777"
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body consentmgr.ConsentBody
			if err := json.Unmarshal([]byte(tc.body), &body); err != nil {
				t.Fatal(err)
			}
			ci := readConsent(consentmgr.ConsentGetResponse{ID: "cm-1", ConsentType: tc.typ, ConsentBody: &body})
			if !tc.want(ci) {
				t.Fatalf("read %+v (payment %+v)", ci, ci.Payment)
			}
		})
	}
}

func TestScopeFoldsBareGroupsAndOrdersContracts(t *testing.T) {
	sc := scopeOf([]string{"UNARRANGED_ACCOUNTS_OVERDRAFT_READ", "LOANS_READ", "CREDIT_CARDS_ACCOUNTS_READ", "CREDIT_CARDS_ACCOUNTS_LIMITS_READ", "SOMETHING_NEW"})
	if len(sc.ContractKinds) != 2 || sc.ContractKinds[0] != core.Loan || sc.ContractKinds[1] != core.UnarrangedOverdraft {
		t.Fatalf("kinds %v", sc.ContractKinds)
	}
	if !sc.Cards || sc.Accounts || len(sc.Unknown) != 1 {
		t.Fatalf("scope %+v", sc)
	}
	for _, c := range sc.Categories {
		for _, g := range c.Groups {
			if g == grpCards {
				t.Fatal("the bare card group must fold into Limites")
			}
		}
	}
}

func TestFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{fmtAmount("1234.50", "BRL"), "R$ 1.234,50"},
		{fmtAmount("0.01", "BRL"), "R$ 0,01"},
		{fmtAmount("1000000.00", "BRL"), "R$ 1.000.000,00"},
		{fmtAmount("abc", "BRL"), "BRL abc"},
		{fmtTaxID("52998224725"), "CPF 529.982.247-25"},
		{fmtTaxID("11222333000181"), "CNPJ 11.222.333/0001-81"},
		{fmtDateTime(time.Date(2026, 3, 5, 14, 7, 0, 0, time.UTC)), "05/03/2026 às 11:07"},
		{fmtLongDate(time.Date(2027, 3, 5, 14, 7, 0, 0, time.UTC)), "5 de março de 2027"},
		{fmtISODate("2026-03-05"), "05/03/2026"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	start := time.Date(2026, 3, 5, 14, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		end  time.Time
		want int
	}{{start.AddDate(1, 0, 0), 12}, {start.AddDate(0, 0, 364), 12}, {start.AddDate(0, 3, 0), 3}, {start.Add(time.Hour), 1}, {start, 0}} {
		if got := monthsBetween(start, tc.end); got != tc.want {
			t.Errorf("monthsBetween(%v) = %d, want %d", tc.end, got, tc.want)
		}
	}
}

// FuzzReadConsent feeds arbitrary consent bodies and requests, as the consent manager could return
// them: reading must never panic and the pages' data must stay consistent.
func FuzzReadConsent(f *testing.F) {
	f.Add(`{"Data":{"ConsentId":"urn:x:1","permissions":["ACCOUNTS_READ"],"loggedUser":{"document":{"identification":"52998224725"}}}}`, `{"data":{}}`)
	f.Add(`{"Data":{"payment":{"amount":"1.00"},"creditor":{"name":7}}}`, `{"data":{"payment":{"amount":[1]}}}`)
	f.Add(`{"Data":{"Initiation":{"InstructedAmount":null}}}`, `null`)
	f.Add(`{"Data":{"permissions":"ACCOUNTS_READ","expirationDateTime":"nope"}}`, `{"data":{"permissions":[null,1,"LOANS_READ"]}}`)
	f.Fuzz(func(t *testing.T, body, request string) {
		var b consentmgr.ConsentBody
		if json.Unmarshal([]byte(body), &b) != nil {
			return
		}
		ci := readConsent(consentmgr.ConsentGetResponse{ID: "cm", ConsentType: consentmgr.TypeDomesticPayment, ConsentBody: &b, Request: json.RawMessage(request)})
		if ci.ID == "" || ci.Payment == nil {
			t.Fatalf("id %q payment %v", ci.ID, ci.Payment)
		}
		fmtAmount(ci.Payment.Amount, ci.Payment.Currency)
		for _, d := range []string{ci.LoggedUser, ci.BusinessEntity} {
			if digits(d) != d {
				t.Fatalf("document %q is not digits", d)
			}
		}
	})
}
