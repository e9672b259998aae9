package seed

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// standing gives a deposit account the UK-style objects of the Bank Connect AIS contract: direct
// debits (débito automático) for bills the statement shows, a standing order, a scheduled payment, saved
// beneficiaries with PIX keys and an offer. n scales how many of each.
func (g *generator) standing(r rng, b *book, n int) {
	a := b.acc
	now := g.o.Now
	// Direct debits: the bills this account paid by boleto most recently become mandates.
	seen := map[string]bool{}
	for i := len(b.bills) - 1; i >= 0 && len(seen) < n; i-- {
		t := b.bills[i]
		if seen[t.Counterparty.Name] {
			continue
		}
		seen[t.Counterparty.Name] = true
		g.batch.DirectDebits = append(g.batch.DirectDebits, core.DirectDebit{
			ID: g.id("dd", &g.next.standing), AccountID: a.ID, MandateID: "DA" + r.digits(10), Status: "Active",
			Name: t.Counterparty.Name, PreviousPaymentAt: t.BookedAt, PreviousPaymentAmount: t.Amount, Currency: "BRL",
		})
		g.stats.StandingData++
	}
	for range n {
		p := pick(r, g.outsiders.people)
		day := r.between(1, 28)
		first := time.Date(now.Year()-1, now.Month(), day, 0, 0, 0, 0, brt)
		next := time.Date(now.Year(), now.Month(), day, 0, 0, 0, 0, brt)
		if !next.After(now) {
			next = next.AddDate(0, 1, 0)
		}
		g.batch.StandingOrders = append(g.batch.StandingOrders, core.StandingOrder{
			ID: g.id("so", &g.next.standing), AccountID: a.ID, Frequency: fmt.Sprintf("IntrvlMnthDay:01:%02d", day),
			Reference: pick(r, standingReferences), FirstPaymentAt: first, NextPaymentAt: next,
			FinalPaymentAt: first.AddDate(r.between(2, 5), 0, 0), Amount: core.Money(r.between(10, 150)) * 10_00,
			Currency: "BRL", Status: "Active", Creditor: p,
		})
		mc := g.outsiders.merchants[r.IntN(len(merchants))]
		g.batch.ScheduledPayments = append(g.batch.ScheduledPayments, core.ScheduledPayment{
			ID: g.id("sp", &g.next.standing), AccountID: a.ID, Reference: "BOLETO " + r.digits(8),
			ExecuteAt: truncDay(now.AddDate(0, 0, r.between(2, 40))).Add(9 * time.Hour),
			Amount:    core.Money(r.between(50, 2500)) * 100, Currency: "BRL", Creditor: mc,
		})
		g.stats.StandingData += 2
	}
	for range n + 1 {
		p := pick(r, g.outsiders.people)
		key := g.pixKey(r, p)
		g.batch.Beneficiaries = append(g.batch.Beneficiaries, core.Beneficiary{
			ID: g.id("ben", &g.next.standing), AccountID: a.ID, Reference: firstName(p.Name), Creditor: p, PixKey: key,
		})
		g.stats.StandingData++
	}
	if r.percent(60) {
		o := core.Offer{ID: g.id("off", &g.next.standing), AccountID: a.ID, StartAt: truncDay(now.AddDate(0, 0, -r.between(1, 20))),
			EndAt: truncDay(now.AddDate(0, 0, r.between(20, 60)))}
		if a.Limits.Overdraft > 0 && r.percent(50) {
			o.Type, o.Description = "LimitIncrease", "Aumento do limite do cheque especial pré-aprovado"
			o.Amount = a.Limits.Overdraft / 2
		} else {
			o.Type, o.Description = "PromotionalRate", "Crédito pessoal pré-aprovado com taxa promocional"
			o.Amount = core.Money(r.between(2, 30)) * 1000_00
			o.Rate = fmt.Sprintf("0.%04d", r.between(149, 299))
		}
		g.batch.Offers = append(g.batch.Offers, o)
		g.stats.StandingData++
	}
}

var standingReferences = []string{"MESADA", "ALUGUEL", "PENSAO", "DIARISTA", "CONTRIBUICAO MENSAL", "MENSALIDADE"}

// pixKey gives a saved beneficiary a PIX key of one of the five DICT key types.
func (g *generator) pixKey(r rng, p core.Counterparty) string {
	switch r.IntN(5) {
	case 0:
		return p.TaxID
	case 1:
		return "+55" + pick(r, cities).ddd + "9" + r.digits(8)
	case 2:
		return email(r, firstName(p.Name), lastName(p.Name))
	default:
		var b [16]byte
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		b[6] = b[6]&0x0f | 0x40 // a random (version 4) UUID, as DICT issues for EVP keys
		b[8] = b[8]&0x3f | 0x80
		return uuid.UUID(b).String()
	}
}

func firstName(s string) string {
	for i, c := range s {
		if c == ' ' {
			return s[:i]
		}
	}
	return s
}

func lastName(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ' ' {
			return s[i+1:]
		}
	}
	return s
}
