package connect_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient/tecbantest"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

// The PIS operations, black-box over mutual TLS: the platform's client certificate calls the bank,
// whose payment service reads consents from a fake consent manager over mutual TLS with the bank's
// client certificate. Every request body sent and every response received is validated against
// tecban/openapi/obie-api-spec-pis.yaml.

const pisISPB = "40140140"

type pisEnv struct {
	*env
	cm         *tecbantest.ConsentManager
	settlement *core.Settlement
}

func newPISEnv(t *testing.T) *pisEnv {
	t.Helper()
	p := &pisEnv{cm: tecbantest.NewConsentManager()}
	p.env = newEnv(t, func(d *connect.Deps) {
		// The server's PKI is made inside newEnv; the consent manager gets its own, so the bank's client
		// is configured from files exactly as in production.
		cmPKI := pkitest.New(t)
		bank := cmPKI.Client("bank-client")
		srv := cmPKI.NewServer(p.cm, bank)
		client, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: srv.URL, TLS: cmPKI.ClientConfig(bank)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(client.Close)
		p.settlement = core.NewSettlement(d.Accounts.(paymentStore), core.SettlementOptions{Clock: d.Clock})
		svc, err := core.NewPaymentService(core.PaymentDeps{
			Accounts: d.Accounts, Finder: d.Accounts.(core.AccountFinder), Customers: d.Customers,
			Payments: d.Accounts.(paymentStore), Lookup: d.Accounts.(core.PaymentLookup), Consents: client,
			Rules: core.BankRules{ISPB: pisISPB}, Clock: d.Clock,
		})
		if err != nil {
			t.Fatal(err)
		}
		d.Payments = svc
	})
	return p
}

type paymentStore interface {
	core.PaymentStore
}

// pisHeaders are the context headers of a PIS call under consentID for the fixture's PSU.
func (p *pisEnv) pisHeaders(method, consentID string) http.Header {
	h := p.headers()
	h.Set(bankconnect.HeaderAPIOperation, method)
	h.Set(bankconnect.HeaderAPIURI, "/open-banking/payments/v1/pix/payments")
	if consentID == "" {
		h.Del(bankconnect.HeaderConsentID)
	} else {
		h.Set(bankconnect.HeaderConsentID, consentID)
	}
	return h
}

func (p *pisEnv) do(method, path string, h http.Header, body []byte) response {
	p.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, p.url+path, rd)
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header = h
	req.Header.Set("Content-Type", "application/json")
	res, err := p.client.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header, body: b}
	validatePIS(p.t, method, path, body, r)
	return r
}

func (p *pisEnv) pay(consentID string, body []byte) response {
	return p.do(http.MethodPost, "/payments", p.pisHeaders("POST", consentID), body)
}

// pisContract is the PIS contract, loaded once.
var pisContract struct {
	once sync.Once
	doc  *openapi3.T
	err  error
}

// validatePIS checks a PIS exchange against the contract: the request body against the operation's
// requestBody schema (only for bodies the test means to be well formed: those that are valid JSON
// objects with the contract's members), the status against those declared, the body against its
// schema. The contract writes /payments/:paymentId; paths are matched segment by segment.
func validatePIS(t *testing.T, method, path string, reqBody []byte, r response) {
	t.Helper()
	pisContract.once.Do(func() { pisContract.doc, pisContract.err = bankconnect.LoadContract(bankconnect.PISSpec()) })
	if pisContract.err != nil {
		t.Fatal(pisContract.err)
	}
	tmpl := path
	if rest, ok := strings.CutPrefix(path, "/payments/"); ok && !strings.HasPrefix(path, "/payments-consent") {
		tmpl = "/payments/:paymentId"
		if strings.HasSuffix(rest, "/details") {
			tmpl += "/details"
		}
	}
	item := pisContract.doc.Paths.Value(tmpl)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("contract: no operation %s %s", method, tmpl)
	}
	op := item.GetOperation(method)
	ref := op.Responses.Value(strconv.Itoa(r.status))
	if ref == nil {
		t.Fatalf("contract: %s %s declares no status %d (body %s)", method, tmpl, r.status, r.body)
	}
	var v any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("%s %s: response is not JSON: %s", method, tmpl, r.body)
	}
	schema := ref.Value.Content.Get("application/json").Schema.Value
	if err := schema.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
		t.Fatalf("contract: %s %s %d: body does not validate: %v\n%s", method, tmpl, r.status, err, r.body)
	}
	if r.status < 300 && op.RequestBody != nil && reqBody != nil {
		var in any
		if err := json.Unmarshal(reqBody, &in); err != nil {
			t.Fatalf("%s %s succeeded with a body that is not JSON", method, tmpl)
		}
		rs := op.RequestBody.Value.Content.Get("application/json").Schema.Value
		if err := rs.VisitJSON(in, openapi3.VisitAsRequest(), openapi3.MultiErrors()); err != nil {
			t.Fatalf("contract: %s %s: the request the bank accepted does not validate: %v", method, tmpl, err)
		}
	}
}

// creditor is a person at another bank, identified by an e-mail key.
var pisCreditor = bankconnect.PixIdentification{PersonType: "PESSOA_NATURAL", CPFCNPJ: core.CompleteCPF("555666777"), Name: "Marcos Vinícius Lima"}

func pixConsentBody(amount string, details *bankconnect.PixDetails) bankconnect.PixPaymentConsent {
	return bankconnect.PixPaymentConsent{Data: bankconnect.PixPaymentConsentData{
		Creditor: &pisCreditor,
		Payment: &bankconnect.PixConsentPayment{Type: "PIX", Date: storetest.FixtureTime.Format(time.DateOnly), Currency: "BRL",
			Amount: bankconnect.DecimalAmount(amount), Details: details},
	}}
}

func keyDetails() *bankconnect.PixDetails {
	return &bankconnect.PixDetails{LocalInstrument: "DICT", Proxy: "marcos@example.com.br"}
}

func pixPaymentBody(amount string) bankconnect.PixPayment {
	return bankconnect.PixPayment{Data: bankconnect.PixPaymentData{
		Payment:         &bankconnect.PixAmount{Amount: bankconnect.DecimalAmount(amount), Currency: "BRL"},
		CreditorAccount: &bankconnect.PixAccount{ISPB: "60746948", BranchCode: "0452", Number: "12345678", CheckDigit: "0", AccountType: "CACC"},
		PixKey:          "marcos@example.com.br", LocalInstrument: "DICT", RemittanceInformation: "Aluguel",
	}}
}

// authorise stores an authorised PIX consent for the fixture's PSU paying from its checking account.
func (p *pisEnv) authorise(id, amount string) {
	p.cm.Put(tecbantest.PixConsent(id, consentmgr.StatusAuthorised, p.f.User.ID, []string{p.f.Checking.ID}, pixConsentBody(amount, keyDetails())))
}

func decodePayment(t *testing.T, r response, status int) bankconnect.GenericPaymentResponse {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	var out bankconnect.PaymentResponse
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	return out.Data
}

func TestPISPaymentLifecycle(t *testing.T) {
	p := newPISEnv(t)
	p.authorise("consent-1", "150.25")
	body := tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, pixPaymentBody("150.25"), "idem-1")
	first := decodePayment(t, p.pay("consent-1", body), http.StatusCreated)
	if first.Status != bankconnect.StatusAcceptedSettlementInProcess {
		t.Fatalf("status %s", first.Status)
	}
	if p.cm.Gets() != 1 {
		t.Fatalf("consent manager asked %d times, want 1", p.cm.Gets())
	}
	// The platform retries: same consent, same key; then the consent is Consumed and it retries again.
	again := decodePayment(t, p.pay("consent-1", body), http.StatusCreated)
	p.cm.SetStatus("consent-1", consentmgr.StatusConsumed)
	third := decodePayment(t, p.pay("consent-1", body), http.StatusCreated)
	if again.ID != first.ID || third.ID != first.ID {
		t.Fatalf("repeats returned %s and %s, want %s", again.ID, third.ID, first.ID)
	}

	get := decodePayment(t, p.do(http.MethodGet, "/payments/"+first.ID, p.pisHeaders("GET", "consent-1"), nil), http.StatusOK)
	if get != first {
		t.Fatalf("GET = %+v, want %+v", get, first)
	}
	// Another consent's view of the payment does not exist.
	p.do(http.MethodGet, "/payments/"+first.ID, p.pisHeaders("GET", "consent-2"), nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)
	p.do(http.MethodGet, "/payments/nope", p.pisHeaders("GET", ""), nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)

	if n, err := p.settlement.RunOnce(context.Background()); err != nil || n != 1 {
		t.Fatalf("settlement: %d, %v", n, err)
	}
	r := p.do(http.MethodGet, "/payments/"+first.ID+"/details", p.pisHeaders("GET", "consent-1"), nil)
	var det bankconnect.PaymentDetailsResponse
	r.ok(t, &det)
	var steps []string
	for _, s := range det.Data[0].StatusDetails {
		steps = append(steps, s.Status)
	}
	want := "Pending AcceptedSettlementInProcess AcceptedSettlementCompleted"
	if det.Data[0].Status != bankconnect.StatusAcceptedSettlementCompleted || strings.Join(steps, " ") != want {
		t.Fatalf("details = %s, want history %s", r.body, want)
	}

	// The payment is a statement line of the debtor account in the AIS data.
	h := p.headers()
	tr := p.get("/accounts/"+p.f.Checking.ID+"/transactions", h)
	if tr.status != http.StatusOK || !bytes.Contains(tr.body, []byte(`"150.25"`)) || !bytes.Contains(tr.body, []byte("Aluguel")) {
		t.Fatalf("the payment is not in the account's transactions: %s", clip(tr.body))
	}
	report, err := p.store.CheckLedger(context.Background())
	if err != nil || len(report.Problems) > 0 {
		t.Fatalf("ledger: %v %v", report.Problems, err)
	}
}

func TestPISInsufficientFundsIsARejectedPayment(t *testing.T) {
	p := newPISEnv(t)
	p.authorise("big", "49999.99") // within the account's limit, far above its balance
	got := decodePayment(t, p.pay("big", tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, pixPaymentBody("49999.99"), "")), http.StatusCreated)
	if got.Status != bankconnect.StatusRejected {
		t.Fatalf("status %s, want Rejected", got.Status)
	}
	var det bankconnect.PaymentDetailsResponse
	p.do(http.MethodGet, "/payments/"+got.ID+"/details", p.pisHeaders("GET", "big"), nil).ok(t, &det)
	last := det.Data[0].StatusDetails[len(det.Data[0].StatusDetails)-1]
	if last.Status != bankconnect.StatusRejected || last.StatusReason != core.ReasonInsufficientFunds || last.StatusReasonDescriptio == "" {
		t.Fatalf("rejection = %+v, want AM04 with a description", last)
	}
}

func TestPISDomesticPayment(t *testing.T) {
	p := newPISEnv(t)
	savings := fmt.Sprintf("%s-%s-%08s-%s", pisISPB, p.f.Savings.BranchCode, p.f.Savings.Number, p.f.Savings.CheckDigit)
	init := &bankconnect.DomesticInitiation{InstructionIdentification: "instr-1", EndToEndIdentification: "e2e-1",
		InstructedAmount: &bankconnect.DomesticAmount{Amount: "10.00", Currency: "BRL"},
		CreditorAccount:  &bankconnect.DomesticAccount{SchemeName: bankconnect.SchemeBRISPBAccount, Identification: savings, Name: p.f.Person.Name, SecondaryIdentification: "SVGS"}}
	p.cm.Put(tecbantest.DomesticConsent("uk-1", consentmgr.StatusAuthorised, p.f.User.ID, []string{p.f.Checking.ID},
		bankconnect.DomesticPaymentConsent{Data: bankconnect.DomesticConsentData{Initiation: init}, Risk: json.RawMessage(`{}`)}))
	body := tecbantest.PaymentRequest(bankconnect.PaymentTypeDomestic, bankconnect.DomesticPayment{
		Data: bankconnect.DomesticPaymentData{ConsentID: "urn:tecban:uk-1", Initiation: init}, Risk: json.RawMessage(`{}`)}, "")
	got := decodePayment(t, p.pay("uk-1", body), http.StatusCreated)
	if got.Status != bankconnect.StatusAcceptedSettlementInProcess {
		t.Fatalf("status %s", got.Status)
	}
	if n, _ := p.settlement.RunOnce(context.Background()); n != 1 {
		t.Fatalf("settled %d", n)
	}
	// An internal transfer completes with the creditor credited.
	after := decodePayment(t, p.do(http.MethodGet, "/payments/"+got.ID, p.pisHeaders("GET", ""), nil), http.StatusOK)
	if after.Status != bankconnect.StatusAcceptedCreditSettlementCompleted {
		t.Fatalf("status %s, want AcceptedCreditSettlementCompleted", after.Status)
	}
}

func TestPISConcurrentRepeats(t *testing.T) {
	p := newPISEnv(t)
	p.authorise("race", "1.00")
	body := tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, pixPaymentBody("1.00"), "race-key")
	ids := make([]string, 16)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, p.url+"/payments", bytes.NewReader(body))
			req.Header = p.pisHeaders("POST", "race")
			res, err := p.client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			var out bankconnect.PaymentResponse
			json.NewDecoder(res.Body).Decode(&out)
			if res.StatusCode != http.StatusCreated {
				t.Errorf("status %d", res.StatusCode)
			}
			ids[i] = out.Data.ID
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] || id == "" {
			t.Fatalf("concurrent repeats got payments %v", ids)
		}
	}
	page, err := p.store.Transactions(context.Background(), core.TransactionFilter{AccountIDs: []string{p.f.Checking.ID}, Page: 1, PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tx := range page.Transactions {
		if tx.PaymentID == ids[0] {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d statement lines for the payment, want 1", n)
	}
}

func TestPISBadInput(t *testing.T) {
	p := newPISEnv(t)
	p.authorise("c", "10.00")
	good := pixPaymentBody("10.00")
	withAmount := func(a string) []byte {
		b := good
		d := b.Data
		d.Payment = &bankconnect.PixAmount{Amount: bankconnect.DecimalAmount(a), Currency: "BRL"}
		b.Data = d
		return tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, b, "")
	}
	raw := func(amount string) []byte {
		return []byte(`{"paymentType":"pix-payments","requestHeaders":{},"tpp":{},"request":{"data":{"payment":{"amount":` + amount +
			`,"currency":"BRL"},"pixKey":"marcos@example.com.br","localInstrument":"DICT"}}}`)
	}
	foreign := good
	fd := foreign.Data
	fd.Payment = &bankconnect.PixAmount{Amount: "10.00", Currency: "USD"}
	foreign.Data = fd
	cases := []struct {
		name    string
		consent string
		body    []byte
		code    string
	}{
		{"malformed JSON", "c", []byte(`{"paymentType":`), bankconnect.CodeInvalidRequest},
		{"not an object", "c", []byte(`[1,2]`), bankconnect.CodeInvalidRequest},
		{"empty", "c", []byte(``), bankconnect.CodeInvalidRequest},
		{"unknown member", "c", []byte(`{"paymentType":"pix-payments","request":{},"requestHeaders":{},"tpp":{},"extra":1}`), bankconnect.CodeInvalidRequest},
		{"unknown payment type", "c", tecbantest.PaymentRequest("international-payments", good, ""), bankconnect.CodeInvalidRequest},
		{"missing paymentType", "c", []byte(`{"request":{},"requestHeaders":{},"tpp":{}}`), bankconnect.CodeInvalidRequest},
		{"missing request", "c", []byte(`{"paymentType":"pix-payments","requestHeaders":{},"tpp":{}}`), bankconnect.CodeInvalidRequest},
		{"missing payment", "c", []byte(`{"paymentType":"pix-payments","request":{"data":{}},"requestHeaders":{},"tpp":{}}`), bankconnect.CodeInvalidRequest},
		{"non-numeric amount", "c", withAmount("ten"), bankconnect.CodeInvalidRequest},
		{"negative amount", "c", withAmount("-10.00"), bankconnect.CodeInvalidRequest},
		{"negative number amount", "c", raw("-10.00"), bankconnect.CodeInvalidRequest},
		{"three decimals", "c", raw("10.001"), bankconnect.CodeInvalidRequest},
		{"exponent", "c", raw("1e1"), bankconnect.CodeInvalidRequest},
		{"zero amount", "c", withAmount("0.00"), bankconnect.CodeInvalidRequest},
		{"foreign currency", "c", tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, foreign, ""), bankconnect.CodeInvalidRequest},
		{"amount differs from consent", "c", withAmount("10.01"), bankconnect.CodeInvalidRequest},
		{"bad idempotency header", "c", []byte(`{"paymentType":"pix-payments","request":{},"requestHeaders":{"x-idempotency-key":5},"tpp":{}}`), bankconnect.CodeInvalidRequest},
		{"no consent header", "", tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, good, ""), bankconnect.CodeInvalidHeader},
		{"unknown consent", "nope", tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, good, ""), bankconnect.CodeNotFound},
		{"too large", "c", append(append([]byte(`{"paymentType":"pix-payments","requestUrl":"`), bytes.Repeat([]byte("a"), 70<<10)...), `"}`...), bankconnect.CodeInvalidRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := p.pay(c.consent, c.body).fails(t, http.StatusBadRequest, c.code)
			if strings.Contains(e.ErrorMessage, "internal") {
				t.Errorf("message %q", e.ErrorMessage)
			}
		})
	}
	noPSU := p.pisHeaders("POST", "c")
	noPSU.Del(bankconnect.HeaderPSUIdentifier)
	p.do(http.MethodPost, "/payments", noPSU, tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, good, "")).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidHeader)
	// Nothing was stored by any of them: the consent still pays once.
	got := decodePayment(t, p.pay("c", tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, good, "")), http.StatusCreated)
	if got.Status != bankconnect.StatusAcceptedSettlementInProcess {
		t.Fatalf("status %s", got.Status)
	}
}

func TestPISValidateConsent(t *testing.T) {
	p := newPISEnv(t)
	other := p.other.Checking
	now := storetest.FixtureTime
	withDate := func(b bankconnect.PixPaymentConsent, d string) bankconnect.PixPaymentConsent {
		pay := *b.Data.Payment
		pay.Date = d
		b.Data.Payment = &pay
		return b
	}
	withCreditor := func(b bankconnect.PixPaymentConsent, c bankconnect.PixIdentification) bankconnect.PixPaymentConsent {
		b.Data.Creditor = &c
		return b
	}
	badCPF := pisCreditor
	badCPF.CPFCNPJ = "12345678900"
	ownAccount := &bankconnect.PixAccount{ISPB: pisISPB, BranchCode: p.f.Checking.BranchCode, Number: p.f.Checking.Number, CheckDigit: p.f.Checking.CheckDigit, AccountType: "CACC"}
	cases := []struct {
		name     string
		consent  consentmgr.ConsentGetResponse
		psu      string
		wantCode string // "" for valid
	}{
		{"valid, no debtor yet", tecbantest.PixConsent("v1", consentmgr.StatusAwaitingAuthorisation, "", nil, pixConsentBody("10.00", keyDetails())), "", ""},
		{"valid with the PSU's account", tecbantest.PixConsent("v2", consentmgr.StatusAwaitingAuthorisation, p.f.User.ID, []string{p.f.Checking.ID}, pixConsentBody("10.00", nil)), "", ""},
		{"valid debtorAccount", tecbantest.PixConsent("v3", consentmgr.StatusAwaitingAuthorisation, "", nil, func() bankconnect.PixPaymentConsent {
			b := pixConsentBody("10.00", nil)
			b.Data.DebtorAccount = ownAccount
			return b
		}()), psu(p.f.User.ID), ""},
		{"zero amount", tecbantest.PixConsent("a0", consentmgr.StatusAwaitingAuthorisation, "", nil, pixConsentBody("0.00", nil)), "", core.VerdictInvalidAmount},
		{"amount with one decimal", tecbantest.PixConsent("a1", consentmgr.StatusAwaitingAuthorisation, "", nil, pixConsentBody("10.0", nil)), "", core.VerdictInvalidAmount},
		{"above the bank's limit", tecbantest.PixConsent("a2", consentmgr.StatusAwaitingAuthorisation, "", nil, pixConsentBody("1000000.01", nil)), "", core.VerdictLimitExceeded},
		{"above the account's limit", tecbantest.PixConsent("a3", consentmgr.StatusAwaitingAuthorisation, p.f.User.ID, []string{p.f.Checking.ID}, pixConsentBody("50000.01", nil)), "", core.VerdictLimitExceeded},
		{"bad CPF", tecbantest.PixConsent("c1", consentmgr.StatusAwaitingAuthorisation, "", nil, withCreditor(pixConsentBody("10.00", nil), badCPF)), "", core.VerdictInvalidDetail},
		{"bad key", tecbantest.PixConsent("k1", consentmgr.StatusAwaitingAuthorisation, "", nil, pixConsentBody("10.00", &bankconnect.PixDetails{LocalInstrument: "DICT", Proxy: "not-a-key"})), "", core.VerdictInvalidDetail},
		{"MANU without account", tecbantest.PixConsent("k2", consentmgr.StatusAwaitingAuthorisation, "", nil, pixConsentBody("10.00", &bankconnect.PixDetails{LocalInstrument: "MANU"})), "", core.VerdictInvalidDetail},
		{"unknown instrument", tecbantest.PixConsent("k3", consentmgr.StatusAwaitingAuthorisation, "", nil, pixConsentBody("10.00", &bankconnect.PixDetails{LocalInstrument: "TED", Proxy: "+5511987654321"})), "", core.VerdictInvalidPaymentMethod},
		{"date in the past", tecbantest.PixConsent("d1", consentmgr.StatusAwaitingAuthorisation, "", nil, withDate(pixConsentBody("10.00", nil), now.AddDate(0, 0, -1).Format(time.DateOnly))), "", core.VerdictInvalidDate},
		{"date too far", tecbantest.PixConsent("d2", consentmgr.StatusAwaitingAuthorisation, "", nil, withDate(pixConsentBody("10.00", nil), now.AddDate(1, 0, 1).Format(time.DateOnly))), "", core.VerdictInvalidDate},
		{"scheduled date", tecbantest.PixConsent("d3", consentmgr.StatusAwaitingAuthorisation, "", nil, withDate(pixConsentBody("10.00", nil), now.AddDate(0, 1, 0).Format(time.DateOnly))), "", ""},
		{"bad date", tecbantest.PixConsent("d4", consentmgr.StatusAwaitingAuthorisation, "", nil, withDate(pixConsentBody("10.00", nil), "30/06/2026")), "", core.VerdictInvalidDate},
		{"another PSU's account", tecbantest.PixConsent("o1", consentmgr.StatusAwaitingAuthorisation, p.f.User.ID, []string{other.ID}, pixConsentBody("10.00", nil)), "", core.VerdictInvalidAccount},
		{"PSU from the header", tecbantest.PixConsent("o2", consentmgr.StatusAwaitingAuthorisation, "", []string{other.ID}, pixConsentBody("10.00", nil)), psu(p.f.User.ID), core.VerdictInvalidAccount},
		{"credit card debtor", tecbantest.PixConsent("o3", consentmgr.StatusAwaitingAuthorisation, p.f.User.ID, []string{p.f.Card.ID}, pixConsentBody("10.00", nil)), "", core.VerdictInvalidAccount},
		{"unknown account", tecbantest.PixConsent("o4", consentmgr.StatusAwaitingAuthorisation, "", []string{"nope"}, pixConsentBody("10.00", nil)), "", core.VerdictInvalidAccount},
		{"not a payment consent", func() consentmgr.ConsentGetResponse {
			c := tecbantest.PixConsent("t1", consentmgr.StatusAwaitingAuthorisation, "", nil, pixConsentBody("10.00", nil))
			c.ConsentType = consentmgr.TypeAccountAccess
			return c
		}(), "", core.VerdictInvalidPaymentMethod},
		{"no creditor", tecbantest.PixConsent("t2", consentmgr.StatusAwaitingAuthorisation, "", nil, bankconnect.PixPaymentConsent{Data: bankconnect.PixPaymentConsentData{
			Payment: pixConsentBody("1.00", nil).Data.Payment}}), "", core.VerdictMissing},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := p.pisHeaders("POST", "")
			h.Set(bankconnect.HeaderAPIURI, "/open-banking/payments/v1/consents")
			h.Del(bankconnect.HeaderPSUIdentifier)
			if c.psu != "" {
				h.Set(bankconnect.HeaderPSUIdentifier, c.psu)
			}
			body, _ := json.Marshal(c.consent)
			var out bankconnect.PaymentConsentValidateResponse
			p.do(http.MethodPost, "/payments-consent/action/validate", h, body).ok(t, &out)
			if (c.wantCode == "") != (out.Data.Status == bankconnect.ValidateValid) || out.Data.Code != c.wantCode {
				t.Fatalf("verdict %+v, want code %q", out.Data, c.wantCode)
			}
			if c.wantCode != "" && out.Data.Description == "" {
				t.Fatalf("invalid verdict without a description")
			}
		})
	}
	h := p.pisHeaders("POST", "")
	for _, bad := range []string{`{`, `{"id":"x"}`, `{"id":"x","consentType":"domestic-payment-consents","request":{},"requestHeaders":{},"tpp":{},"extra":1}`} {
		p.do(http.MethodPost, "/payments-consent/action/validate", h, []byte(bad)).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
	}
}
