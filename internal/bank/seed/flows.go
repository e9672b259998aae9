package seed

import (
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// activity is how busy a customer's accounts are: how many of each kind of movement happen in a month
// on average, in tenths (15 is one and a half a month). Most customers of a real bank are light users;
// the demo users are heavy so their statements need several pages.
type activity struct {
	bills, debitCard, pixOut, pixIn, cardPurchases    int // personal
	sales, clientPix, clientBoletos, suppliers, staff int // business
}

var (
	light   = activity{bills: 7, debitCard: 1, pixOut: 3, pixIn: 0, cardPurchases: 4, sales: 5, clientPix: 8, clientBoletos: 3, suppliers: 5, staff: 4}
	regular = activity{bills: 20, debitCard: 15, pixOut: 15, pixIn: 6, cardPurchases: 25, sales: 15, clientPix: 30, clientBoletos: 8, suppliers: 15, staff: 15}
	heavy   = activity{bills: 40, debitCard: 50, pixOut: 40, pixIn: 20, cardPurchases: 80, sales: 40, clientPix: 80, clientBoletos: 20, suppliers: 40, staff: 40}
	demo    = activity{bills: 40, debitCard: 120, pixOut: 80, pixIn: 30, cardPurchases: 160, sales: 80, clientPix: 200, clientBoletos: 40, suppliers: 80, staff: 50}
)

// activityFor draws a generated customer's activity: 85% light, 13% regular, 2% heavy.
func activityFor(r rng) activity {
	switch n := r.IntN(100); {
	case n < 85:
		return light
	case n < 98:
		return regular
	default:
		return heavy
	}
}

// count draws how many times a movement happens in a month whose average is tenths/10: the whole part
// always, one more with the probability of the fraction, and a little spread around that.
func count(r rng, tenths int) int {
	n := tenths / 10
	if r.IntN(10) < tenths%10 {
		n++
	}
	if n >= 4 {
		n = r.between(n-n/4, n+n/4)
	}
	return n
}

// spendScale is the percentage of the merchant ranges a person with monthly income spends: richer
// people spend more, but less than in proportion.
func spendScale(income core.Money) int64 {
	switch reais := income / 100; {
	case reais < 2000:
		return 50
	case reais < 3500:
		return 75
	case reais < 6000:
		return 100
	case reais < 10000:
		return 130
	case reais < 20000:
		return 170
	default:
		return 230
	}
}

// scaled returns a merchant-style amount between lo and hi reais, scaled by pct percent.
func scaled(r rng, lo, hi int, pct int64) core.Money {
	return core.Money(int64(r.reais(lo, hi)) * pct / 100)
}

// jitter returns m plus or minus up to pct percent.
func jitter(r rng, m core.Money, pct int) core.Money {
	return m * core.Money(100-pct+r.IntN(2*pct+1)) / 100
}

// accounts of one holder that flows refer to; -1 means absent.
type bookSet struct {
	checking, savings, prepaid, card int
}

// personalFlows lays out a person's movements: pay, bills, purchases, PIX, savings, the card bill.
func (l *ledger) personalFlows(c core.Customer, set bookSet, act activity, premium bool) {
	g, r := l.g, l.r
	income := c.Personal.MonthlyIncome
	net := income * core.Money(r.between(78, 88)) / 100
	scale := spendScale(income)
	var employer *core.Counterparty
	if c.Personal.EmployerCNPJ != "" {
		for i := range g.outsiders.companies {
			if g.outsiders.companies[i].TaxID == c.Personal.EmployerCNPJ {
				employer = &g.outsiders.companies[i]
				break
			}
		}
	}
	bills := make([]int, 0, 6)
	for len(bills) < max(act.bills/10, 1) {
		i := r.IntN(len(merchants))
		if merchants[i].kind == "bill" {
			bills = append(bills, i)
		}
	}
	billDay := make([]int, len(bills))
	for i := range billDay {
		billDay[i] = r.between(5, 25)
	}
	main := set.checking
	if main < 0 {
		main = set.prepaid
	}
	fee := core.Money(0)
	if premium {
		fee = 3490
	}
	g.months(func(m time.Time) {
		// Income: pay from the employer, or several PIX from clients for the self-employed.
		if employer != nil {
			l.in(main, r.at(m, 5), core.Salary, jitter(r, net, 2), "SALARIO "+upperASCII(employer.Name), employer)
			if m.Month() == time.December {
				l.in(main, r.at(m, 18), core.Salary, net/2, "13O SALARIO 2A PARCELA "+upperASCII(employer.Name), employer)
			}
		} else {
			n := r.between(1, 2)
			for range n {
				p := l.someone()
				l.in(main, r.at(m, r.between(1, 28)), core.PIX, jitter(r, net/core.Money(n), 30), "PIX RECEBIDO "+upperASCII(p.Name), p)
			}
		}
		if fee > 0 {
			l.out(main, r.at(m, 1), core.Fee, fee, "TARIFA PACOTE DE SERVICOS", &g.bank.self)
		}
		for i, bi := range bills[:min(len(bills), count(r, act.bills))] {
			mc := merchants[bi]
			l.out(main, r.at(m, billDay[i]), core.Boleto, scaled(r, mc.min, mc.max, min(scale, 150)), "PAGTO BOLETO "+upperASCII(mc.name), &g.outsiders.merchants[bi])
		}
		for range count(r, act.debitCard) {
			mi := l.merchantOf("card")
			mc := merchants[mi]
			l.spend(main, r.at(m, r.between(1, 31)), core.CardTx, scaled(r, mc.min, mc.max, scale)/2, "COMPRA CARTAO DEBITO "+upperASCII(mc.name), &g.outsiders.merchants[mi])
		}
		for range count(r, act.pixOut) {
			p := l.someone()
			l.spend(main, r.at(m, r.between(1, 31)), core.PIX, scaled(r, 15, 400, scale), "PIX ENVIADO "+upperASCII(p.Name), p)
		}
		for range count(r, act.pixIn) {
			p := l.someone()
			l.in(main, r.at(m, r.between(1, 31)), core.PIX, scaled(r, 20, 500, scale), "PIX RECEBIDO "+upperASCII(p.Name), p)
		}
		if r.percent(act.pixOut) {
			p := l.someone()
			l.spend(main, r.at(m, r.between(1, 28)), core.TED, scaled(r, 300, 3000, scale), "TED ENVIADA "+upperASCII(p.Name), p)
			if !premium {
				l.out(main, r.at(m, 28), core.Fee, 1050, "TARIFA TED", &g.bank.self)
			}
		}
		if set.savings >= 0 && set.checking >= 0 && r.percent(50) {
			l.transfer(set.checking, set.savings, r.at(m, 6), jitter(r, net*core.Money(r.between(3, 12))/100, 10),
				"APLICACAO POUPANCA", "APLICACAO RECEBIDA")
			if r.percent(10) {
				l.transfer(set.savings, set.checking, r.at(m, r.between(10, 25)), jitter(r, net/3, 50), "RESGATE POUPANCA", "RESGATE POUPANCA")
			}
		}
		if set.prepaid >= 0 && set.prepaid != main {
			p := l.someone()
			l.in(set.prepaid, r.at(m, r.between(1, 28)), core.PIX, scaled(r, 50, 300, scale), "PIX RECEBIDO "+upperASCII(p.Name), p)
			for range r.between(0, 2) {
				mi := l.merchantOf("card")
				mc := merchants[mi]
				l.spend(set.prepaid, r.at(m, r.between(1, 31)), core.CardTx, scaled(r, mc.min, mc.max, scale)/3, "COMPRA CARTAO PRE-PAGO "+upperASCII(mc.name), &g.outsiders.merchants[mi])
			}
		}
	})
	if set.savings >= 0 {
		l.savingsYield(set.savings)
	}
	if set.card >= 0 {
		l.cardFlows(set.card, main, act.cardPurchases, scale)
	}
}

// businessFlows lays out a company's movements: card sales, PIX and boletos from clients, suppliers,
// payroll, the monthly tax (DAS) and fees.
func (l *ledger) businessFlows(c core.Customer, set bookSet, act activity) {
	g, r := l.g, l.r
	revenue := c.BusinessProfile.AnnualRevenue / 12
	main := set.checking
	g.months(func(m time.Time) {
		n := count(r, act.sales)
		for range n {
			l.in(main, r.at(m, r.between(1, 31)), core.Other, jitter(r, revenue*35/100/core.Money(n), 25), "CREDITO VENDAS CARTAO IPE ADQUIRENCIA", &g.bank.acquirer)
		}
		n = count(r, act.clientPix)
		for range n {
			p := l.someone()
			l.in(main, r.at(m, r.between(1, 31)), core.PIX, jitter(r, revenue*30/100/core.Money(n), 60), "PIX RECEBIDO "+upperASCII(p.Name), p)
		}
		n = count(r, act.clientBoletos)
		for range n {
			p := l.someCompany()
			l.in(main, r.at(m, r.between(1, 31)), core.Boleto, jitter(r, revenue*30/100/core.Money(n), 40), "LIQUIDACAO BOLETO "+upperASCII(p.Name), p)
		}
		n = count(r, act.suppliers)
		for range n {
			p := l.someCompany()
			kind, prefix := core.Boleto, "PAGTO BOLETO "
			if r.percent(40) {
				kind, prefix = core.TED, "TED ENVIADA "
			}
			l.spend(main, r.at(m, r.between(1, 31)), kind, jitter(r, revenue*45/100/core.Money(n), 40), prefix+upperASCII(p.Name), p)
		}
		n = count(r, act.staff)
		for range n {
			p := l.someone()
			l.out(main, r.at(m, 5), core.PIX, jitter(r, revenue*18/100/core.Money(n), 20), "PIX SALARIO "+upperASCII(p.Name), p)
		}
		l.out(main, r.at(m, 20), core.Boleto, jitter(r, revenue*6/100, 15), "PAGTO DAS SIMPLES NACIONAL", &g.bank.treasury)
		l.out(main, r.at(m, 1), core.Fee, 5990, "TARIFA MANUTENCAO CONTA PJ", &g.bank.self)
		if set.savings >= 0 && r.percent(50) {
			l.transfer(main, set.savings, r.at(m, 28), jitter(r, revenue*4/100, 30), "APLICACAO POUPANCA", "APLICACAO RECEBIDA")
		}
	})
	if set.savings >= 0 {
		l.savingsYield(set.savings)
	}
	if set.card >= 0 {
		l.cardFlows(set.card, main, act.cardPurchases, spendScale(revenue/10))
	}
}

// savingsYield credits the poupança's monthly yield (about 0.5% a month) on its anniversary day.
func (l *ledger) savingsYield(savings int) {
	g, r := l.g, l.r
	b := l.books[savings]
	day := b.acc.OpenedAt.Day()
	g.months(func(m time.Time) {
		l.add(event{at: r.at(m, day), book: savings, cd: core.Credit, kind: core.Other,
			dyn: func() core.Money { return b.bal * 5 / 1000 }, desc: "RENDIMENTO POUPANCA", cp: &g.bank.self})
	})
}

// cardFlows lays out card purchases and, each month, the payment of the whole bill from the holder's
// main account on the due date.
func (l *ledger) cardFlows(card, from, purchases int, scale int64) {
	g, r := l.g, l.r
	b := l.books[card]
	due := b.acc.Card.BillingDay + 7
	g.months(func(m time.Time) {
		for range count(r, purchases) {
			mi := l.merchantOf("card")
			mc := merchants[mi]
			l.spend(card, r.at(m, r.between(1, 31)), core.CardTx, scaled(r, mc.min, mc.max, scale), upperASCII(mc.name), &g.outsiders.merchants[mi])
		}
		if from >= 0 {
			payer := l.books[from]
			// The whole bill when the account can spare it, otherwise what it can (a partial payment),
			// keeping the reserve for instalments.
			owed := func() core.Money { return min(-b.bal, payer.bal-payer.floor-payer.reserve) }
			l.add(event{at: r.at(m, due), book: card, cd: core.Credit, kind: core.Other,
				dyn:  owed,
				desc: "PAGAMENTO RECEBIDO", cp: new(ownAccount(payer.acc, l.name)), pair: &leg{book: from, kind: core.Boleto, desc: "PAGTO FATURA CARTAO " + upperASCII(g.o.Bank.Brand)}})
		}
	})
}

func (l *ledger) in(b int, at time.Time, kind core.TransactionKind, amount core.Money, desc string, cp *core.Counterparty) {
	l.add(event{at: at, book: b, cd: core.Credit, kind: kind, amount: amount, desc: desc, cp: cp})
}

func (l *ledger) out(b int, at time.Time, kind core.TransactionKind, amount core.Money, desc string, cp *core.Counterparty) {
	l.add(event{at: at, book: b, cd: core.Debit, kind: kind, amount: amount, desc: desc, cp: cp})
}

// spend is a discretionary debit: it happens only when the account has money above its reserve.
func (l *ledger) spend(b int, at time.Time, kind core.TransactionKind, amount core.Money, desc string, cp *core.Counterparty) {
	l.add(event{at: at, book: b, cd: core.Debit, kind: kind, amount: amount, desc: desc, cp: cp, discretionary: true})
}

// transfer moves money between two accounts of the holder, as one debit and one credit.
func (l *ledger) transfer(from, to int, at time.Time, amount core.Money, fromDesc, toDesc string) {
	l.add(event{at: at, book: from, cd: core.Debit, kind: core.Transfer, amount: amount, desc: fromDesc,
		cp: new(ownAccount(l.books[to].acc, l.name)), pair: &leg{book: to, kind: core.Transfer, desc: toDesc}})
}

func (l *ledger) merchantOf(kind string) int {
	for {
		i := l.r.IntN(len(merchants))
		if merchants[i].kind == kind || (kind == "card" && merchants[i].kind == "pix") {
			return i
		}
	}
}
