package seed

import (
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// portfolio is what a holder has at the bank.
type portfolio struct {
	checking, savings, prepaid, card bool
	premium                          bool
	loans, financings, invoices      int
	overdraft                        bool
	multiAuth                        bool
	standing                         int // how many UK-style standing objects to give each deposit account
	act                              activity
}

// holding is what a unit created for a holder, for the demo users' file.
type holding struct {
	customer  core.Customer
	userID    string
	deposits  []string
	cards     []string
	contracts map[core.ContractKind][]string
}

// drawPersonal picks a generated person's products.
func drawPersonal(r rng, act activity) portfolio {
	p := portfolio{checking: r.percent(94), savings: r.percent(40), card: r.percent(55), premium: r.percent(25), act: act}
	p.prepaid = !p.checking || r.percent(8)
	if r.percent(18) {
		p.loans = 1
	}
	if r.percent(9) {
		p.financings = 1
	}
	p.overdraft = p.checking && r.percent(5)
	if r.percent(35) {
		p.standing = 1
	}
	return p
}

// person generates a personal customer with a login, accounts, contracts, history and standing data.
func (g *generator) person(r rng, spec *personSpec, act activity) holding {
	c, ci := g.newPerson(r, spec)
	p := drawPersonal(r, act)
	if spec != nil {
		p = demoPortfolios[spec.key]
	}
	g.addCustomer(c)
	h := g.hold(r, c, ci, p)
	h.userID = g.addUser(c, spec)
	return h
}

// company generates a business customer, its representatives (personal customers with logins and
// their own accounts) and its accounts, contracts and history. spec is set for demo companies.
func (g *generator) company(r rng, spec *companySpec) (holding, []holding) {
	b := businesses[r.IntN(len(businesses))]
	trade := pick(r, b.kinds) + " " + pick(r, businessWords)
	legal := trade + " " + pick(r, surnames) + " " + pick(r, legalSuffixes)
	var cnpj string
	if spec != nil {
		b = businesses[spec.business]
		trade, legal, cnpj = spec.trade, spec.legal, spec.cnpj
	} else {
		cnpj = g.ids.cnpj(uint64(g.next.company))
		g.next.company++
	}
	ci := pickCity(r)
	founded := g.o.Now.AddDate(-r.between(2, 30), -r.IntN(12), -r.IntN(28))
	revenue := core.Money(r.between(b.minRevenue, b.maxRevenue)) * 1000_00
	dual := r.percent(30)
	if spec != nil {
		dual = spec.dual
		revenue = core.Money(spec.revenue) * 1000_00
	}
	c := core.Customer{
		ID:         g.id("cus", &g.next.customer),
		Kind:       core.Business,
		TaxID:      cnpj,
		Name:       legal,
		SocialName: trade,
		BirthDate:  truncDay(founded),
		Email:      "contato@" + slug(trade) + ".com.br",
		Phone:      "55" + cities[ci].ddd + "3" + r.digits(7),
		Address:    address(r, ci),
		Since:      maxTime(founded, g.start.AddDate(-r.between(0, 10), -r.between(1, 11), 0)),
		UpdatedAt:  g.o.Now.AddDate(0, 0, -r.between(1, 300)),
		BusinessProfile: &core.BusinessProfile{
			TradeName:        trade,
			EconomicActivity: b.cnae,
			AnnualRevenue:    revenue,
			Patrimony:        revenue * core.Money(r.between(20, 150)) / 100,
			DualApproval:     dual,
		},
	}
	// The representatives come first, so the batch holds them before the company that names them.
	var reps []holding
	repSpecs := []*personSpec{nil, nil}
	if spec != nil {
		repSpecs = spec.reps
	}
	for i, rs := range repSpecs {
		h := g.person(r, rs, activityFor(r))
		role := "SOCIO"
		if i == 0 {
			role = "ADMINISTRADOR"
		}
		powers := core.Powers{ShareData: true, Pay: true, ApproveAlone: !dual}
		if !dual && len(repSpecs) > 1 && i == 1 {
			// A second partner who may only share data: the first approves alone.
			powers = core.Powers{ShareData: true, Pay: false, ApproveAlone: true}
		}
		if dual && r.percent(50) {
			powers.PayLimit = core.Money(r.between(5, 50)) * 1000_00
		}
		c.BusinessProfile.Representatives = append(c.BusinessProfile.Representatives, core.Representative{
			CustomerID: h.customer.ID, Name: h.customer.Name, CPF: h.customer.TaxID, Role: role, Powers: powers,
			Since: maxTime(c.Since, h.customer.BirthDate.AddDate(21, 0, 0)),
		})
		reps = append(reps, h)
	}
	g.addCustomer(c)
	p := portfolio{checking: true, savings: r.percent(25), card: r.percent(45), multiAuth: dual, act: activityFor(r)}
	if r.percent(35) {
		p.loans = 1
	}
	if r.percent(12) {
		p.financings = 1
	}
	if r.percent(25) {
		p.invoices = r.between(1, 2)
	}
	p.overdraft = r.percent(8)
	if r.percent(30) {
		p.standing = 1
	}
	if spec != nil {
		p = spec.portfolio
	}
	h := g.hold(r, c, ci, p)
	return h, reps
}

// hold opens p's accounts for c, draws its contracts, simulates the history and adds it all to the
// batch.
func (g *generator) hold(r rng, c core.Customer, ci int, p portfolio) holding {
	h := holding{customer: c, contracts: map[core.ContractKind][]string{}}
	l := &ledger{g: g, r: r, name: c.Name, events: g.scratch[:0]}
	set := bookSet{checking: -1, savings: -1, prepaid: -1, card: -1}
	business := c.Kind == core.Business
	var base core.Money // monthly income or revenue
	if business {
		base = c.BusinessProfile.AnnualRevenue / 12
	} else {
		base = c.Personal.MonthlyIncome
	}
	var accounts []*core.Account
	open := func(t core.AccountType, product string, opening, floor core.Money) (int, *core.Account) {
		a := g.newAccount(r, c, ci, t, product)
		accounts = append(accounts, &a)
		return l.open(&a, opening, floor), &a
	}
	if p.checking {
		product := productPersonalChecking
		if business {
			product = productBusinessChecking
		} else if p.premium {
			product = productPersonalPremium
		}
		var limit core.Money
		if business || r.percent(60) {
			limit = base * core.Money(r.between(2, 10)) / 10 / 10000 * 10000
		}
		i, a := open(core.Checking, product, base*core.Money(r.between(20, 150))/100, -limit)
		a.Limits.Overdraft = limit
		a.MultiAuth = p.multiAuth
		if business {
			a.Limits.PerPayment = core.Money(r.between(20, 200)) * 1000_00
		}
		set.checking = i
		h.deposits = append(h.deposits, a.ID)
	}
	if p.savings {
		i, a := open(core.Savings, productSavings, base*core.Money(r.between(10, 600))/100, 0)
		a.MultiAuth = p.multiAuth
		set.savings = i
		h.deposits = append(h.deposits, a.ID)
	}
	if p.prepaid {
		i, a := open(core.PrepaidPayment, productPrepaid, core.Money(r.between(0, 800))*100, 0)
		a.Nickname = "Carteira digital"
		set.prepaid = i
		h.deposits = append(h.deposits, a.ID)
	}
	if p.card {
		product := productPersonalCard
		if business {
			product = productBusinessCard
		}
		limit := max(base*core.Money(r.between(5, 25))/10/10000*10000, 500_00)
		i, a := open(core.CreditCard, product, 0, -limit)
		a.Card = &core.Card{Network: pick(r, cardNetworks), Last4: r.digits(4), CreditLimit: limit, BillingDay: pick(r, billingDays)}
		a.Nickname = "Cartão " + a.Card.Network[:1] + strings.ToLower(a.Card.Network[1:]) + " final " + a.Card.Last4
		set.card = i
		h.cards = append(h.cards, a.ID)
	}
	main := set.checking
	if main < 0 {
		main = set.prepaid
	}
	var credits []*credit
	addCredit := func(t terms, consignee string) {
		cr := l.contract(c, t, base, main, consignee)
		credits = append(credits, cr)
		h.contracts[t.kind] = append(h.contracts[t.kind], cr.c.ID)
	}
	for range p.loans {
		switch {
		case business:
			addCredit(workingCapital, "")
		case c.Personal.EmployerCNPJ != "" && r.percent(40):
			addCredit(payrollLoan, c.Personal.EmployerCNPJ)
		default:
			addCredit(personalLoan, "")
		}
	}
	for range p.financings {
		if business {
			addCredit(assetFinance, "")
		} else {
			addCredit(vehicleFinance, "")
		}
	}
	for range p.invoices {
		addCredit(discount, "")
	}
	if p.overdraft {
		addCredit(overdraft, "")
	}
	if main >= 0 {
		// Keep what the month's instalments and about a fifth of the income need.
		b := l.books[main]
		b.reserve = base / 5
		for _, cr := range credits {
			if len(cr.schedule) > 1 {
				b.reserve += cr.schedule[0].amount
			}
		}
	}
	if business {
		l.businessFlows(c, set, p.act)
	} else {
		l.personalFlows(c, set, p.act, p.premium)
	}
	l.run()
	l.finish()
	for _, cr := range credits {
		g.batch.Contracts = append(g.batch.Contracts, cr.finish())
		g.stats.Contracts++
	}
	if p.standing > 0 {
		for _, b := range l.books {
			if b.acc.Type == core.Checking || (b.acc.Type == core.Savings && p.standing > 1) {
				g.standing(r, b, p.standing)
			}
		}
	}
	return h
}

var (
	cardNetworks = []string{"VISA", "MASTERCARD", "MASTERCARD", "ELO"}
	billingDays  = []int{1, 5, 10, 15, 20, 25}
)

// slug turns a trade name into a domain label: "Padaria Bom Pão" → "padariabompao".
func slug(s string) string {
	var b strings.Builder
	for _, c := range ascii(s) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// addUser gives a person an internet-banking login. Generated users share the run's one hash of
// GeneratedPassword; demo users get their own password, hashed with a salt derived from the seed.
func (g *generator) addUser(c core.Customer, spec *personSpec) string {
	u := core.User{ID: g.id("u", &g.next.user), Login: c.TaxID, CustomerID: c.ID, PasswordHash: g.sharedHash}
	if spec != nil {
		u.PasswordHash, u.TOTPSecret = g.demoHashes[spec.key], demoCredentials[spec.key].totp
	}
	g.batch.Users = append(g.batch.Users, u)
	g.stats.Users++
	return u.ID
}
