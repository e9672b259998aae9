package core_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

// The payment service over the reference store, on every engine available, with an in-process
// consent reader standing in for the platform's consent manager.

const bankISPB = "40140140"

type consents struct {
	mu sync.Mutex
	m  map[string]core.PaymentConsent
}

func (c *consents) PaymentConsent(_ context.Context, id string) (core.PaymentConsent, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pc, ok := c.m[id]
	if !ok {
		return core.PaymentConsent{}, core.Errorf(core.ENOTFOUND, "consent %s not found", id)
	}
	return pc, nil
}

func (c *consents) put(pc core.PaymentConsent) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[pc.ID] = pc
}

type world struct {
	store    *store.Store
	svc      *core.PaymentService
	consents *consents
	f        storetest.Fixture
	now      time.Time
}

// newWorld opens a fresh store on engine, loads fixture 1 with no overdraft on the checking account
// (so its balance must never go below zero) and returns the service over it.
func newWorld(t *testing.T, url string) *world {
	t.Helper()
	ctx := context.Background()
	if _, err := store.Migrate(ctx, url); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := storetest.NewFixture(1)
	f.Batch.Accounts[0].Limits.Overdraft = 0
	f.Batch.Balances[0].OverdraftLimit = 0
	f.Checking = f.Batch.Accounts[0]
	if err := st.Import(ctx, f.Batch); err != nil {
		t.Fatal(err)
	}
	w := &world{store: st, consents: &consents{m: map[string]core.PaymentConsent{}}, f: f, now: storetest.FixtureTime}
	w.svc, err = core.NewPaymentService(core.PaymentDeps{
		Accounts: st, Finder: st, Customers: st, Users: st, Payments: st, Lookup: st, Consents: w.consents,
		Rules: core.BankRules{ISPB: bankISPB}, Clock: func() time.Time { return w.now },
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func external() core.Creditor {
	return core.Creditor{Name: "Marcos Vinícius Lima", TaxID: core.CompleteCPF("555666777"), PersonType: "PESSOA_NATURAL",
		PixKey: "marcos@example.com.br", ISPB: "60746948", Issuer: "0452", Number: "123456780", AccountType: "CACC"}
}

// authorise stores an authorised PIX consent of amount to creditor from the fixture's checking account.
func (w *world) authorise(id string, amount core.Money, creditor core.Creditor) core.PaymentConsent {
	identity := core.Creditor{Name: creditor.Name, TaxID: creditor.TaxID, PersonType: creditor.PersonType, PixKey: creditor.PixKey}
	pc := core.PaymentConsent{ID: id, Type: core.PaymentPIX, Status: core.ConsentAuthorised, UserID: w.f.User.ID,
		AccountIDs: []string{w.f.Checking.ID}, TPPClientID: "tpp",
		Terms: core.PaymentTerms{Amount: amount, Currency: "BRL", Creditor: identity}}
	w.consents.put(pc)
	return pc
}

func (w *world) request(consentID, key string, amount core.Money, creditor core.Creditor) core.PaymentRequest {
	pay := core.Creditor{PixKey: creditor.PixKey, ISPB: creditor.ISPB, Issuer: creditor.Issuer, Number: creditor.Number, AccountType: creditor.AccountType}
	li := core.DICT
	if creditor.PixKey == "" {
		li = core.MANU
	}
	return core.PaymentRequest{Type: core.PaymentPIX, ConsentID: consentID, UserID: w.f.User.ID, IdempotencyKey: key,
		Terms: core.PaymentTerms{Amount: amount, Currency: "BRL", Creditor: pay, LocalInstrument: li}, Request: []byte(`{}`)}
}

func (w *world) available(t *testing.T, id string) core.Money {
	t.Helper()
	b, err := w.store.Balances(context.Background(), []string{id})
	if err != nil || len(b) != 1 {
		t.Fatalf("balance of %s: %v %v", id, b, err)
	}
	return b[0].Available
}

func (w *world) cleanLedger(t *testing.T) {
	t.Helper()
	r, err := w.store.CheckLedger(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Problems) > 0 {
		t.Fatalf("ledger does not balance: %v", r.Problems)
	}
}

func engines(t *testing.T, run func(t *testing.T, w *world)) {
	for name, url := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) { run(t, newWorld(t, url(t))) })
	}
}

func TestExecuteDebitsOnceAndShowsInStatement(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		before := w.available(t, w.f.Checking.ID)
		w.authorise("c1", 10_000, external())
		p, created, err := w.svc.Execute(ctx, w.request("c1", "k1", 10_000, external()))
		if err != nil || !created {
			t.Fatalf("Execute = %v, created=%v", err, created)
		}
		if p.Status != core.PaymentAcceptedSettlementInProcess || p.Order.DebtorAccountID != w.f.Checking.ID || p.Internal {
			t.Fatalf("payment = %+v", p)
		}
		if len(p.Order.EndToEndID) != 32 || p.Order.Creditor.TaxID == "" || p.Order.Creditor.PixKey == "" {
			t.Errorf("order lacks the endToEndId or the merged creditor: %+v", p.Order)
		}
		// The same consent again, the same key again, and the key under the first consent: one payment.
		for _, r := range []core.PaymentRequest{w.request("c1", "k1", 10_000, external()), w.request("c1", "", 10_000, external())} {
			again, created, err := w.svc.Execute(ctx, r)
			if err != nil || created || again.ID != p.ID {
				t.Fatalf("repeat = %s, created=%v, %v; want %s", again.ID, created, err, p.ID)
			}
		}
		// The platform marks the consent Consumed after the first payment; a retry still gets it.
		pc := w.authorise("c1", 10_000, external())
		pc.Status = core.ConsentConsumed
		w.consents.put(pc)
		if again, _, err := w.svc.Execute(ctx, w.request("c1", "k1", 10_000, external())); err != nil || again.ID != p.ID {
			t.Fatalf("retry after Consumed = %v, %v", again.ID, err)
		}
		// The key reused under another consent is a conflict, not a second payment.
		w.authorise("c2", 10_000, external())
		if _, _, err := w.svc.Execute(ctx, w.request("c2", "k1", 10_000, external())); core.ErrorCode(err) != core.ECONFLICT {
			t.Fatalf("key reuse = %v, want ECONFLICT", err)
		}
		if got := w.available(t, w.f.Checking.ID); got != before-10_000 {
			t.Fatalf("available = %s, want %s", got, before-10_000)
		}
		page, err := w.store.Transactions(ctx, core.TransactionFilter{AccountIDs: []string{w.f.Checking.ID}, Page: 1, PageSize: 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Transactions) == 0 || page.Transactions[0].PaymentID != p.ID || page.Transactions[0].CreditDebit != core.Debit {
			t.Fatalf("newest statement line = %+v, want the payment's debit", page.Transactions[0])
		}
		w.cleanLedger(t)
	})
}

func TestExecuteRefusals(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.authorise("ok", 10_000, external())
		waiting := w.authorise("waiting", 10_000, external())
		waiting.Status = core.ConsentAwaitingAuthorisation
		w.consents.put(waiting)
		other := w.authorise("other", 10_000, external())
		other.UserID = w.f.PartnerUser.ID
		w.consents.put(other)
		noAccount := w.authorise("noaccount", 10_000, external())
		noAccount.AccountIDs = nil
		w.consents.put(noAccount)
		card := w.authorise("card", 10_000, external())
		card.AccountIDs = []string{w.f.Card.ID}
		w.consents.put(card)
		otherCreditor := external()
		otherCreditor.PixKey = "someone@example.com"
		identityOnly := w.authorise("identity", 10_000, external())
		identityOnly.Terms.Creditor.PixKey = ""
		w.consents.put(identityOnly)
		anotherCPF := external()
		anotherCPF.PixKey = core.CompleteCPF("123456789")
		cases := []struct {
			name string
			r    core.PaymentRequest
			code string
		}{
			{"unknown consent", w.request("nope", "", 10_000, external()), core.ENOTFOUND},
			{"not authorised", w.request("waiting", "", 10_000, external()), core.EFORBIDDEN},
			{"another PSU's", w.request("other", "", 10_000, external()), core.EFORBIDDEN},
			{"no debtor account", w.request("noaccount", "", 10_000, external()), core.EFORBIDDEN},
			{"credit card debtor", w.request("card", "", 10_000, external()), core.EFORBIDDEN},
			{"amount differs", w.request("ok", "", 10_001, external()), core.EINVALID},
			{"creditor differs", w.request("ok", "", 10_000, otherCreditor), core.EINVALID},
			{"CPF key of another person", w.request("identity", "", 10_000, anotherCPF), core.EINVALID},
			{"no consent id", w.request("", "", 10_000, external()), core.EINVALID},
			{"zero amount", w.request("ok", "", 0, external()), core.EINVALID},
		}
		for _, c := range cases {
			if _, _, err := w.svc.Execute(ctx, c.r); core.ErrorCode(err) != c.code {
				t.Errorf("%s: Execute = %v, want %s", c.name, err, c.code)
			}
		}
		foreign := w.request("ok", "", 10_000, external())
		foreign.Terms.Currency = "USD"
		if _, _, err := w.svc.Execute(ctx, foreign); core.ErrorCode(err) != core.EINVALID {
			t.Errorf("foreign currency: Execute = %v, want EINVALID", err)
		}
		w.cleanLedger(t)
	})
}

func TestExecuteInternalAndSettlement(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		savings := core.Creditor{Name: w.f.Person.Name, TaxID: w.f.Person.TaxID, PersonType: "PESSOA_NATURAL",
			ISPB: bankISPB, Issuer: w.f.Savings.BranchCode, Number: fmt.Sprintf("%08s", w.f.Savings.Number) + w.f.Savings.CheckDigit, AccountType: "SVGS"}
		before := w.available(t, w.f.Savings.ID)
		w.authorise("internal", 25_000, savings)
		p, _, err := w.svc.Execute(ctx, w.request("internal", "", 25_000, savings))
		if err != nil || !p.Internal || p.CreditorAccountID != w.f.Savings.ID {
			t.Fatalf("internal payment = %+v, %v", p, err)
		}
		if got := w.available(t, w.f.Savings.ID); got != before+25_000 {
			t.Errorf("savings = %s, want %s", got, before+25_000)
		}
		w.authorise("external", 5_000, external())
		q, _, err := w.svc.Execute(ctx, w.request("external", "", 5_000, external()))
		if err != nil {
			t.Fatal(err)
		}
		// A creditor account said to be here that does not exist is refused before any money moves.
		missing := savings
		missing.Number = "9999999999"
		w.authorise("missing", 5_000, missing)
		if _, _, err := w.svc.Execute(ctx, w.request("missing", "", 5_000, missing)); core.ErrorCode(err) != core.EINVALID {
			t.Errorf("missing creditor here: %v, want EINVALID", err)
		}

		settle := core.NewSettlement(w.store, core.SettlementOptions{Delay: time.Minute, Clock: func() time.Time { return w.now }})
		if n, err := settle.RunOnce(ctx); err != nil || n != 0 {
			t.Fatalf("settlement before the delay: %d, %v; want 0", n, err)
		}
		w.now = w.now.Add(time.Minute)
		if n, err := settle.RunOnce(ctx); err != nil || n != 2 {
			t.Fatalf("settlement after the delay: %d, %v; want 2", n, err)
		}
		for id, want := range map[string]core.PaymentStatus{p.ID: core.PaymentAcceptedCreditSettlementCompleted, q.ID: core.PaymentAcceptedSettlementCompleted} {
			got, err := w.svc.Payment(ctx, id, "", w.f.User.ID)
			if err != nil || got.Status != want || len(got.History) != 3 {
				t.Errorf("payment %s = %s with %d steps, %v; want %s with 3", id, got.Status, len(got.History), err, want)
			}
		}
		if _, err := w.svc.Payment(ctx, p.ID, "another-consent", ""); core.ErrorCode(err) != core.ENOTFOUND {
			t.Errorf("payment under another consent: %v, want ENOTFOUND", err)
		}
		w.cleanLedger(t)
	})
}

// TestConcurrentPayments sends 200 payments at once, each under its own consent, against a balance
// that covers exactly 100 of them: 100 are accepted, 100 rejected for insufficient funds (AM04), the
// balance never goes below zero and the ledger balances. Then 20 copies of one request arrive at once:
// one payment, one debit.
func TestConcurrentPayments(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		start := w.available(t, w.f.Checking.ID)
		amount := start / 100
		for i := range 200 {
			w.authorise(fmt.Sprintf("conc-%d", i), amount, external())
		}
		var wg sync.WaitGroup
		results := make([]core.Payment, 200)
		errs := make([]error, 200)
		for i := range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], _, errs[i] = w.svc.Execute(ctx, w.request(fmt.Sprintf("conc-%d", i), fmt.Sprintf("key-%d", i), amount, external()))
			}()
		}
		wg.Wait()
		accepted, rejected := 0, 0
		for i, p := range results {
			if errs[i] != nil {
				t.Fatalf("payment %d: %v", i, errs[i])
			}
			switch {
			case p.Status == core.PaymentAcceptedSettlementInProcess:
				accepted++
			case p.Status == core.PaymentRejected && p.RejectionReason == core.ReasonInsufficientFunds:
				rejected++
			default:
				t.Fatalf("payment %d: %s %s", i, p.Status, p.RejectionReason)
			}
		}
		if accepted != 100 || rejected != 100 {
			t.Fatalf("accepted %d, rejected %d; want 100 and 100", accepted, rejected)
		}
		left := w.available(t, w.f.Checking.ID)
		if left != start-100*amount || left < 0 {
			t.Fatalf("available = %s, want %s (never negative)", left, start-100*amount)
		}

		// Give the account money again through a consent of its own, then race duplicates.
		w.authorise("dup", 1, external())
		ids := make([]string, 20)
		created := make([]bool, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, c, err := w.svc.Execute(ctx, w.request("dup", "dup-key", 1, external()))
				if err != nil {
					t.Errorf("duplicate %d: %v", i, err)
				}
				ids[i], created[i] = p.ID, c
			}()
		}
		wg.Wait()
		n := 0
		for i := range ids {
			if ids[i] != ids[0] {
				t.Fatalf("duplicates got payments %s and %s", ids[0], ids[i])
			}
			if created[i] {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d duplicates report a new payment, want 1", n)
		}
		if got := w.available(t, w.f.Checking.ID); got != left-1 {
			t.Fatalf("available after duplicates = %s, want %s", got, left-1)
		}
		w.cleanLedger(t)
	})
}

// TestSettlementLooksPastScheduledPayments: payments scheduled for later days stay in process until
// their day, and however many there are they never hold back a payment that is due.
func TestSettlementLooksPastScheduledPayments(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		tomorrow := w.now.AddDate(0, 0, 1)
		var scheduled []string
		for i := range 5 {
			pc := w.authorise(fmt.Sprintf("later-%d", i), 100, external())
			pc.Terms.Date = tomorrow
			w.consents.put(pc)
			p, _, err := w.svc.Execute(ctx, w.request(pc.ID, "", 100, external()))
			if err != nil {
				t.Fatal(err)
			}
			scheduled = append(scheduled, p.ID)
			w.now = w.now.Add(time.Second)
		}
		w.authorise("today", 100, external())
		due, _, err := w.svc.Execute(ctx, w.request("today", "", 100, external()))
		if err != nil {
			t.Fatal(err)
		}
		settle := core.NewSettlement(w.store, core.SettlementOptions{Batch: 2, Clock: func() time.Time { return w.now }})
		if n, err := settle.RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("settlement with 5 scheduled payments ahead of a due one: %d, %v; want 1", n, err)
		}
		if p, _ := w.store.Payment(ctx, due.ID); p.Status != core.PaymentAcceptedSettlementCompleted {
			t.Fatalf("the due payment is %s", p.Status)
		}
		w.now = tomorrow.Add(time.Hour)
		total := 0
		for {
			n, err := settle.RunOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
			total += n
		}
		if total != len(scheduled) {
			t.Fatalf("on their day %d scheduled payments completed, want %d", total, len(scheduled))
		}
		w.cleanLedger(t)
	})
}
