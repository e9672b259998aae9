package seed

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// all merges the recorded batches, checking on the way that no batch refers to a customer or account
// that neither it nor an earlier batch holds.
func all(t *testing.T, rec *recorder) core.Batch {
	t.Helper()
	var m core.Batch
	customers, accounts := map[string]bool{}, map[string]bool{}
	for i, b := range rec.batches {
		for _, c := range b.Customers {
			customers[c.ID] = true
		}
		for _, a := range b.Accounts {
			accounts[a.ID] = true
		}
		for _, c := range b.Customers {
			if c.BusinessProfile != nil {
				for _, r := range c.BusinessProfile.Representatives {
					if !customers[r.CustomerID] {
						t.Errorf("batch %d: company %s names representative %s not yet loaded", i, c.ID, r.CustomerID)
					}
				}
			}
		}
		for _, a := range b.Accounts {
			if !customers[a.CustomerID] {
				t.Errorf("batch %d: account %s of unknown customer %s", i, a.ID, a.CustomerID)
			}
		}
		for _, u := range b.Users {
			if !customers[u.CustomerID] {
				t.Errorf("batch %d: user %s of unknown customer %s", i, u.ID, u.CustomerID)
			}
		}
		for _, c := range b.Contracts {
			if !customers[c.CustomerID] {
				t.Errorf("batch %d: contract %s of unknown customer %s", i, c.ID, c.CustomerID)
			}
		}
		for _, tx := range b.Transactions {
			if !accounts[tx.AccountID] {
				t.Errorf("batch %d: transaction %s of an account %s not in the batch", i, tx.ID, tx.AccountID)
			}
		}
		m.Customers = append(m.Customers, b.Customers...)
		m.Users = append(m.Users, b.Users...)
		m.Accounts = append(m.Accounts, b.Accounts...)
		m.Balances = append(m.Balances, b.Balances...)
		m.Transactions = append(m.Transactions, b.Transactions...)
		m.Contracts = append(m.Contracts, b.Contracts...)
		m.DirectDebits = append(m.DirectDebits, b.DirectDebits...)
		m.StandingOrders = append(m.StandingOrders, b.StandingOrders...)
		m.ScheduledPayments = append(m.ScheduledPayments, b.ScheduledPayments...)
		m.Beneficiaries = append(m.Beneficiaries, b.Beneficiaries...)
		m.Offers = append(m.Offers, b.Offers...)
		m.Products = append(m.Products, b.Products...)
	}
	return m
}

func TestTaxIDsValidAndUnique(t *testing.T) {
	rec, _ := generate(t, Options{Seed: 3, Customers: 400, BatchCustomers: 100})
	b := all(t, rec)
	seen := map[string]string{}
	for _, c := range b.Customers {
		valid := core.ValidCPF(c.TaxID)
		if c.Kind == core.Business {
			valid = core.ValidCNPJ(c.TaxID)
		}
		if !valid {
			t.Errorf("customer %s (%s) has invalid tax id %q", c.ID, c.Kind, c.TaxID)
		}
		if other, ok := seen[c.TaxID]; ok {
			t.Errorf("customers %s and %s share tax id %s", other, c.ID, c.TaxID)
		}
		seen[c.TaxID] = c.ID
		if c.Personal != nil && c.Personal.EmployerCNPJ != "" && !core.ValidCNPJ(c.Personal.EmployerCNPJ) {
			t.Errorf("customer %s: invalid employer CNPJ %q", c.ID, c.Personal.EmployerCNPJ)
		}
	}
	for _, tx := range b.Transactions {
		id := tx.Counterparty.TaxID
		if id == "" {
			continue
		}
		if !core.ValidCPF(id) && !core.ValidCNPJ(id) {
			t.Fatalf("transaction %s: counterparty tax id %q is neither a valid CPF nor CNPJ", tx.ID, id)
		}
		if owner, ok := seen[id]; ok && tx.Counterparty.PersonType == "PESSOA_NATURAL" {
			t.Fatalf("transaction %s: outside counterparty shares customer %s's CPF", tx.ID, owner)
		}
	}
	if !core.ValidCNPJ(DefaultBank.CNPJ) || DefaultBank.ISPB != DefaultBank.CNPJ[:8] {
		t.Errorf("bank identity %+v is inconsistent", DefaultBank)
	}
}

func TestStatementsSumToBalances(t *testing.T) {
	rec, _ := generate(t, Options{Seed: 4, Customers: 200, BatchCustomers: 60})
	b := all(t, rec)
	sum := map[string]core.Money{}
	count := map[string]int{}
	refs := map[string]bool{}
	for _, tx := range b.Transactions {
		if tx.Amount <= 0 {
			t.Fatalf("transaction %s has non-positive amount %s", tx.ID, tx.Amount)
		}
		switch tx.CreditDebit {
		case core.Credit:
			sum[tx.AccountID] += tx.Amount
		case core.Debit:
			sum[tx.AccountID] -= tx.Amount
		default:
			t.Fatalf("transaction %s: indicator %q", tx.ID, tx.CreditDebit)
		}
		count[tx.AccountID]++
		key := tx.AccountID + "/" + tx.Reference
		if refs[key] {
			t.Fatalf("reference %s repeats in account %s", tx.Reference, tx.AccountID)
		}
		refs[key] = true
	}
	accounts := map[string]core.Account{}
	for _, a := range b.Accounts {
		accounts[a.ID] = a
		if cd := checkDigit(a.Number); cd != a.CheckDigit || len(a.BranchCode) != 4 || a.CompeCode != DefaultBank.COMPE {
			t.Errorf("account %s: branch %s number %s-%s compe %s", a.ID, a.BranchCode, a.Number, a.CheckDigit, a.CompeCode)
		}
		if a.Type == core.CreditCard && a.Card == nil {
			t.Errorf("card account %s has no card", a.ID)
		}
	}
	if len(b.Balances) != len(b.Accounts) {
		t.Fatalf("%d balances for %d accounts", len(b.Balances), len(b.Accounts))
	}
	for _, bal := range b.Balances {
		a := accounts[bal.AccountID]
		if sum[bal.AccountID] != bal.Available {
			t.Errorf("account %s: statement sums to %s, balance is %s", bal.AccountID, sum[bal.AccountID], bal.Available)
		}
		if bal.Available < -bal.OverdraftLimit {
			t.Errorf("account %s: balance %s below its limit %s", bal.AccountID, bal.Available, bal.OverdraftLimit)
		}
		if a.Type != core.CreditCard && count[bal.AccountID] == 0 {
			t.Errorf("deposit account %s has no statement", a.ID)
		}
	}
}

func TestHistoryCoversTheMonths(t *testing.T) {
	rec, _ := generate(t, Options{Seed: 5, Months: 14})
	b := all(t, rec)
	first := testNow
	kinds := map[core.TransactionKind]int{}
	for _, tx := range b.Transactions {
		if tx.BookedAt.Before(first) {
			first = tx.BookedAt
		}
		if tx.BookedAt.After(testNow) {
			t.Fatalf("transaction %s booked in the future: %s", tx.ID, tx.BookedAt)
		}
		kinds[tx.Kind]++
	}
	if months := testNow.Sub(first).Hours() / 24 / 30; months < 14 {
		t.Errorf("history spans %.1f months, want 14", months)
	}
	for _, k := range []core.TransactionKind{core.PIX, core.TED, core.Boleto, core.CardTx, core.Salary, core.Fee, core.Transfer} {
		if kinds[k] == 0 {
			t.Errorf("no %s transaction", k)
		}
	}
}

func TestBusinessRepresentatives(t *testing.T) {
	rec, res := generate(t, Options{Seed: 6})
	b := all(t, rec)
	people := map[string]core.Customer{}
	for _, c := range b.Customers {
		if c.Kind == core.Personal {
			people[c.ID] = c
		}
	}
	if res.Stats.BusinessCustomers < 10 {
		t.Errorf("%d business customers, want at least 10 of the default 50", res.Stats.BusinessCustomers)
	}
	multi := 0
	for _, c := range b.Customers {
		if c.Kind != core.Business {
			continue
		}
		reps := c.BusinessProfile.Representatives
		want := 2
		if c.TaxID == demoCompanies[1].cnpj {
			want = 1 // eduardo's sole proprietorship
		}
		if len(reps) != want {
			t.Errorf("company %s has %d representatives, want %d", c.Name, len(reps), want)
		}
		for _, r := range reps {
			p, ok := people[r.CustomerID]
			if !ok || p.TaxID != r.CPF || p.Name != r.Name {
				t.Errorf("company %s: representative %+v is not a personal customer", c.Name, r)
			}
			if !r.Powers.ShareData {
				t.Errorf("company %s: representative %s may not share data", c.Name, r.Name)
			}
			if c.BusinessProfile.DualApproval == r.Powers.ApproveAlone && r.Powers.Pay {
				t.Errorf("company %s: DualApproval=%v but %s ApproveAlone=%v", c.Name, c.BusinessProfile.DualApproval, r.Name, r.Powers.ApproveAlone)
			}
		}
		if c.BusinessProfile.DualApproval {
			multi++
		}
	}
	if multi == 0 {
		t.Error("no company needs two approvals")
	}
	users := map[string]bool{}
	for _, u := range b.Users {
		users[u.CustomerID] = true
		if u.Login != people[u.CustomerID].TaxID {
			t.Errorf("user %s logs in as %q, not its CPF", u.ID, u.Login)
		}
	}
	for id := range people {
		if !users[id] {
			t.Errorf("personal customer %s has no user", id)
		}
	}
}

func TestContracts(t *testing.T) {
	rec, _ := generate(t, Options{Seed: 9, Customers: 150})
	b := all(t, rec)
	kinds := map[core.ContractKind]int{}
	for _, c := range b.Contracts {
		kinds[c.Kind]++
		in := c.Instalments
		if in.Paid+in.Due+in.PastDue != max(in.Total, 1) && in.TypeTotal == "MES" {
			t.Errorf("contract %s: paid %d + due %d + past due %d ≠ total %d", c.ID, in.Paid, in.Due, in.PastDue, in.Total)
		}
		if len(c.Releases) != in.Paid {
			t.Errorf("contract %s: %d releases for %d paid instalments", c.ID, len(c.Releases), in.Paid)
		}
		if c.OutstandingBalance < 0 || c.OutstandingBalance > c.Amount {
			t.Errorf("contract %s: outstanding %s of %s", c.ID, c.OutstandingBalance, c.Amount)
		}
		if c.CET == "" || len(c.InterestRates) == 0 || c.ContractNumber == "" || c.IPOCCode == "" {
			t.Errorf("contract %s lacks terms: %+v", c.ID, c)
		}
		if whole, frac, ok := strings.Cut(c.CET, "."); !ok || len(frac) != 4 || whole == "" || len(whole) > 1 {
			// Personal credit in Brazil can cost over 100% a year, so the whole part may be 1.
			t.Errorf("contract %s: CET %q is not a decimal fraction with four places", c.ID, c.CET)
		}
	}
	for _, k := range []core.ContractKind{core.Loan, core.Financing, core.InvoiceFinancing, core.UnarrangedOverdraft} {
		if kinds[k] == 0 {
			t.Errorf("no %s contract", k)
		}
	}
}

func TestPriceSchedule(t *testing.T) {
	// 10 000.00 at 2% a month over 12 months: the Price instalment is 945.60.
	s := price(10000_00, 200, 12, testNow)
	if s[0].amount != 945_60 {
		t.Fatalf("first instalment %s, want 945.60", s[0].amount)
	}
	var principal core.Money
	for _, in := range s {
		principal += in.principal
	}
	if principal != 10000_00 {
		t.Fatalf("principal repaid %s, want 10000.00", principal)
	}
}

func TestOptionsValidation(t *testing.T) {
	for _, o := range []Options{
		{Customers: 5, Now: testNow},
		{Customers: MaxCustomers + 1, Now: testNow},
		{Months: 6, Now: testNow},
		{BusinessShare: 0.9, Now: testNow},
		{},
		{Now: testNow, Bank: BankIdentity{Name: "X", CNPJ: "11222333000180", COMPE: "1", ISPB: "11222333"}},
	} {
		if _, err := Generate(t.Context(), o, nil, nil); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}

func TestBatchesStaySmall(t *testing.T) {
	rec, res := generate(t, Options{Seed: 2, Customers: 300, BatchCustomers: 40})
	for i, b := range rec.batches {
		if len(b.Customers) > 40+2 {
			t.Errorf("batch %d holds %d customers", i, len(b.Customers))
		}
	}
	if res.Stats.Customers != 300 || res.Stats.Batches != len(rec.batches) {
		t.Errorf("stats %+v for %d batches", res.Stats, len(rec.batches))
	}
	if len(rec.batches[0].Products) == 0 {
		t.Error("the first batch carries no products")
	}
	refs := map[string]bool{}
	for _, p := range rec.batches[0].Products {
		refs[p.ID] = true
	}
	for _, b := range rec.batches {
		for _, a := range b.Accounts {
			if !refs[a.ProductID] {
				t.Fatalf("account %s refers to unknown product %q", a.ID, a.ProductID)
			}
		}
	}
}

func ExampleGeneratedPassword() {
	fmt.Println(GeneratedPassword)
	// Output: ipe-senha-1234
}
