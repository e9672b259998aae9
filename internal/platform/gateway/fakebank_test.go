package gateway

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// fakeBank is an in-process Bank Connect server with fixed data for the gateway's unit tests (the
// end-to-end tests run the real one). It records the context headers of every call.
type fakeBank struct {
	mux *http.ServeMux

	mu       sync.Mutex
	headers  []http.Header
	delay    time.Duration
	fail     bool
	payments map[string]bankconnect.GenericPaymentResponse
	calls    map[string]int
}

func newFakeBank() *fakeBank {
	b := &fakeBank{mux: http.NewServeMux(), payments: map[string]bankconnect.GenericPaymentResponse{}, calls: map[string]int{}}
	b.mux.HandleFunc("GET /accounts", b.accounts)
	b.mux.HandleFunc("GET /accounts/{id}", b.account)
	b.mux.HandleFunc("GET /accounts/{id}/balances", b.balances)
	b.mux.HandleFunc("GET /accounts/{id}/transactions", b.transactions)
	b.mux.HandleFunc("GET /loans", b.loans)
	b.mux.HandleFunc("GET /financings", func(w http.ResponseWriter, _ *http.Request) { write(w, 200, []any{}) })
	b.mux.HandleFunc("GET /invoice-financings", func(w http.ResponseWriter, _ *http.Request) { write(w, 200, []any{}) })
	b.mux.HandleFunc("GET /unarranged-accounts-overdraft", func(w http.ResponseWriter, _ *http.Request) { write(w, 200, []any{}) })
	b.mux.HandleFunc("GET /loans/{id}", b.loan)
	b.mux.HandleFunc("GET /loans/{id}/warranties", func(w http.ResponseWriter, _ *http.Request) {
		write(w, 200, []bankconnect.Warranty{{Currency: "BRL", WarrantyType: "CESSAO_DIREITOS_CREDITORIOS", WarrantySubType: "ACOES_DEBENTURES", WarrantyAmount: "15000.00"}})
	})
	b.mux.HandleFunc("GET /loans/{id}/installments", func(w http.ResponseWriter, _ *http.Request) {
		write(w, 200, bankconnect.Instalments{TypeNumberOfInstalments: "MES", TotalNumberOfInstalments: "24", TypeContractRemaining: "MES",
			ContractRemainingNumber: "20", PaidInstalments: "4", DueInstalments: "20", PastDueInstalments: "0",
			BalloonPayments: `[{"dueDate":"2027-01-10","amount":{"amount":"500.00","currency":"BRL"}}]`})
	})
	b.mux.HandleFunc("GET /loans/{id}/payments", func(w http.ResponseWriter, _ *http.Request) {
		write(w, 200, bankconnect.Payments{ContractOutstandingBalance: "8000.00", PaidInstalments: "4", Releases: []bankconnect.Release{{
			PaymentID: "pay-1", IsOverParcelPayment: "false", InstalmentID: "inst-1", PaidDate: "2026-01-10", Currency: "BRL", PaidAmount: "512.30",
			OverParcel: bankconnect.Parcel{Fees: []bankconnect.ParcelFee{}, Charges: []bankconnect.ParcelCharge{}},
		}}})
	})
	b.mux.HandleFunc("POST /payments-consent/action/validate", b.validate)
	b.mux.HandleFunc("POST /payments", b.pay)
	b.mux.HandleFunc("GET /payments/{id}", b.payment)
	b.mux.HandleFunc("GET /payments/{id}/details", b.details)
	return b
}

func (b *fakeBank) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	b.headers = append(b.headers, r.Header.Clone())
	b.calls[r.Method+" "+r.URL.Path]++
	delay, fail := b.delay, b.fail
	b.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if fail {
		write(w, 500, bankconnect.Error{ErrorCode: bankconnect.CodeInternal, ErrorMessage: "down"})
		return
	}
	for _, h := range []string{bankconnect.HeaderASPSPID, bankconnect.HeaderAPIURI, bankconnect.HeaderAPIOperation, bankconnect.HeaderOzoneInteractionID} {
		if r.Header.Get(h) == "" {
			write(w, 400, bankconnect.Error{ErrorCode: bankconnect.CodeInvalidHeader, ErrorMessage: h + " is required"})
			return
		}
	}
	b.mux.ServeHTTP(w, r)
}

func (b *fakeBank) lastHeader() http.Header {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.headers[len(b.headers)-1]
}

func (b *fakeBank) set(delay time.Duration, fail bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.delay, b.fail = delay, fail
}

func (b *fakeBank) count(key string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls[key]
}

func write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

var fakeAccounts = map[string]bankconnect.Account{
	"acc-1":  {ID: "acc-1", BrandName: "Banco Ipê", CompanyCNPJ: "11222333000181", AccountType: "CONTA_DEPOSITO_A_VISTA", AccountSubType: "INDIVIDUAL", Currency: "BRL", CompeCode: "401", BranchCode: "0001", Number: "12345678", CheckDigit: "9"},
	"acc-2":  {ID: "acc-2", BrandName: "Banco Ipê", CompanyCNPJ: "11222333000181", AccountType: "CONTA_POUPANCA", AccountSubType: "INDIVIDUAL", Currency: "BRL", CompeCode: "401", BranchCode: "0001", Number: "22345678", CheckDigit: "1"},
	"card-1": {ID: "card-1", BrandName: "Banco Ipê", CompanyCNPJ: "11222333000181", AccountType: "CARTAO_CREDITO", AccountSubType: "INDIVIDUAL", Currency: "BRL", CompeCode: "401", BranchCode: "0001", Number: "32345678", CheckDigit: "2", NickName: "Cartão Visa final 4321", ProductName: "Cartão de Crédito Ipê"},
}

func (b *fakeBank) accounts(w http.ResponseWriter, r *http.Request) {
	out := bankconnect.AccountsResponse{Data: []bankconnect.Account{}}
	for _, id := range strings.Split(r.URL.Query().Get("accountIds"), ",") {
		if a, ok := fakeAccounts[id]; ok {
			out.Data = append(out.Data, a)
		}
	}
	write(w, 200, out)
}

func (b *fakeBank) account(w http.ResponseWriter, r *http.Request) {
	a, ok := fakeAccounts[r.PathValue("id")]
	if !ok {
		write(w, 400, bankconnect.Error{ErrorCode: bankconnect.CodeNotFound, ErrorMessage: "no account"})
		return
	}
	write(w, 200, bankconnect.AccountResponse{Data: a})
}

func (b *fakeBank) balances(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ts := "2026-11-28T10:00:00Z"
	write(w, 200, bankconnect.BalancesResponse{Data: []bankconnect.Balance{
		{AccountID: id, CreditDebitIndicator: "Debit", BalanceType: "InterimAvailable", Timestamp: ts, Amount: bankconnect.Amount{Amount: "120.50", Currency: "BRL"},
			CreditLines: []bankconnect.CreditLine{
				{Included: true, CreditType: "Pre-Agreed", Amount: bankconnect.Amount{Amount: "1000.00", Currency: "BRL"}},
				{Included: true, CreditType: "Pre-Agreed-Used", Amount: bankconnect.Amount{Amount: "120.50", Currency: "BRL"}},
			}},
		{AccountID: id, CreditDebitIndicator: "Credit", BalanceType: "Blocked", Timestamp: ts, Amount: bankconnect.Amount{Amount: "0.00", Currency: "BRL"}},
		{AccountID: id, CreditDebitIndicator: "Credit", BalanceType: "AutomaticallyInvested", Timestamp: ts, Amount: bankconnect.Amount{Amount: "300.00", Currency: "BRL"}},
	}})
}

// transactions serves 25 lines in pages of 10, newest first.
func (b *fakeBank) transactions(w http.ResponseWriter, r *http.Request) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if page < 1 {
		page = 1
	}
	var all []bankconnect.Transaction
	for i := range 25 {
		cd, sub := "Credit", "RECEBIMENTO"
		if i%2 == 1 {
			cd, sub = "Debit", "PAGAMENTO"
		}
		if want := r.URL.Query().Get("creditDebitIndicator"); want != "" && want != cd {
			continue
		}
		all = append(all, bankconnect.Transaction{
			TransactionID: fmt.Sprintf("tx-%02d", i), Status: "Booked", CreditDebitIndicator: cd, TransactionReference: fmt.Sprintf("ref-%d", i),
			TransactionInformation: "PIX recebido", BankTransactionCode: bankconnect.BankTransactionCode{Code: "PIX", SubCode: sub},
			Amount: bankconnect.Amount{Amount: fmt.Sprintf("%d.10", 10+i), Currency: "BRL"}, BookingDateTime: fmt.Sprintf("2026-10-%02dT14:00:00Z", 1+i),
			PartieName: "Maria", PartieCnpjCpf: "11144477735", PartiePersonType: "PESSOA_NATURAL", PartieCompeCode: "341", PartieBranchCode: "0001", PartieNumber: "00012345", PartieCheckDigit: "6",
		})
	}
	pages := (len(all) + 9) / 10
	start := min((page-1)*10, len(all))
	write(w, 200, bankconnect.TransactionsResponse{Data: all[start:min(start+10, len(all))], Meta: bankconnect.PaginatedMeta{Paginated: true, TotalPages: max(pages, 1)}})
}

func (b *fakeBank) loans(w http.ResponseWriter, _ *http.Request) {
	write(w, 200, []bankconnect.ContractSummary{{BrandName: "Banco Ipê", CompanyCNPJ: "11222333000181", ContractID: "loan-1", IPOCCode: "11222333ABC1234567890", ProductType: "EMPRESTIMOS", ProductSubType: "CREDITO_PESSOAL_SEM_CONSIGNACAO"}})
}

func (b *fakeBank) loan(w http.ResponseWriter, _ *http.Request) {
	write(w, 200, bankconnect.ContractDetail{
		CET: "0.2950", AmortizationScheduled: "PRICE", ContractAmount: "12000.00", ContractDate: "2026-01-10", ContractNumber: "1234567",
		ContractedFees:           []bankconnect.Fee{{FeeName: "Tarifa de cadastro", FeeCode: "CADASTRO", FeeChargeType: "UNICA", FeeCharge: "FIXO", FeeAmount: "50.00", FeeRate: "0.0000"}},
		ContractedFinanceCharges: []bankconnect.FinanceCharge{{ChargeType: "JUROS_REMUNERATORIOS_POR_ATRASO", ChargeAdditionalInfo: "", ChargeRate: "0.0100"}},
		Currency:                 "BRL", DisbursementDate: "2026-01-11", DueDate: "2028-01-10", FirstInstalmentDueDate: "2026-02-10", InstalmentPeriodicity: "MENSAL",
		InterestRates: []bankconnect.InterestRate{{TaxType: "NOMINAL", InterestRateType: "COMPOSTO", TaxPeriodicity: "AM", Calculation: "30/360",
			ReferentialRateIndexerType: "PRE_FIXADO", ReferentialRateIndexerSubT: "PRE_FIXADO", PreFixedRate: "0.0199", PostFixedRate: "0.0000", AdditionalInfo: ""}},
		IPOCCode: "11222333ABC1234567890", ProductName: "Crédito pessoal", ProductSubType: "CREDITO_PESSOAL_SEM_CONSIGNACAO", ProductType: "EMPRESTIMOS", SettlementDate: "2028-01-10",
	})
}

func (b *fakeBank) validate(w http.ResponseWriter, r *http.Request) {
	var c bankconnect.PaymentConsentValidateRequest
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil || c.ID == "" || len(c.Request) == 0 {
		write(w, 400, bankconnect.Error{ErrorCode: bankconnect.CodeInvalidRequest, ErrorMessage: "not a consent"})
		return
	}
	if strings.Contains(string(c.Request), "INVALIDO") {
		write(w, 200, bankconnect.PaymentConsentValidateResponse{Data: bankconnect.PaymentConsentValidateData{Status: "invalid", Code: "FORMA_PAGAMENTO_INVALIDA", Description: "forma de pagamento não aceita"}})
		return
	}
	write(w, 200, bankconnect.PaymentConsentValidateResponse{Data: bankconnect.PaymentConsentValidateData{Status: "valid"}})
}

// pay makes one payment per consent (a repeat returns the first), Rejected for 999.99.
func (b *fakeBank) pay(w http.ResponseWriter, r *http.Request) {
	var req bankconnect.PaymentRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.PaymentType != "pix-payments" {
		write(w, 400, bankconnect.Error{ErrorCode: bankconnect.CodeInvalidRequest, ErrorMessage: "bad payment"})
		return
	}
	consent := r.Header.Get(bankconnect.HeaderConsentID)
	b.mu.Lock()
	defer b.mu.Unlock()
	if p, ok := b.payments[consent]; ok {
		write(w, 201, bankconnect.PaymentResponse{Data: p})
		return
	}
	now := time.Now().UTC().Format(time.RFC3339)
	p := bankconnect.GenericPaymentResponse{ID: fmt.Sprintf("pix-%d", len(b.payments)+1), Status: "AcceptedSettlementCompleted", CreationDateTime: now, StatusUpdateDateTime: now}
	if strings.Contains(string(req.Request), "999.99") {
		p.Status = "Rejected"
	}
	b.payments[consent] = p
	b.payments[p.ID] = p
	write(w, 201, bankconnect.PaymentResponse{Data: p})
}

func (b *fakeBank) payment(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	p, ok := b.payments[r.PathValue("id")]
	b.mu.Unlock()
	if !ok {
		write(w, 400, bankconnect.Error{ErrorCode: bankconnect.CodeNotFound, ErrorMessage: "no payment"})
		return
	}
	write(w, 200, bankconnect.PaymentResponse{Data: p})
}

func (b *fakeBank) details(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	p := b.payments[r.PathValue("id")]
	b.mu.Unlock()
	write(w, 200, bankconnect.PaymentDetailsResponse{Data: []bankconnect.PaymentDetails{{ID: p.ID, Status: p.Status, StatusUpdateDateTime: p.StatusUpdateDateTime,
		StatusDetails: []bankconnect.PaymentStatusDetails{{Status: "Pending"}, {Status: "Rejected", StatusReason: "AM04"}}}}})
}
