package seed

import (
	"encoding/base32"
	"math/rand/v2"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// The named demo users exist under every seed, with the same names, CPFs, passwords, ids and
// products, because they are generated first and from a fixed random stream. docs and tests refer to
// them by key:
//
//   - ana: a personal customer with checking (several hundred statement lines), savings, prepaid and
//     credit-card accounts, a personal or payroll loan, a vehicle financing and an unarranged overdraft,
//     and standing data (direct debits, standing orders, scheduled payments, beneficiaries, offers).
//   - bruno: a personal customer with checking and a credit card whose login asks for a TOTP code.
//   - carla and diego: the two representatives of Padaria Pão de Ipê LTDA, a business customer with
//     DualApproval (every consent and payment needs both) and MultiAuth accounts; each also has
//     personal accounts.
//   - eduardo: the single representative of Tavares Tecnologia ME, who approves alone.
var demoPeople = []personSpec{
	{key: "ana", given: "Ana Beatriz", surnames: "Souza Lima", cpf: core.CompleteCPF("529982247"), female: true, occupation: 1, income: 28000},
	{key: "bruno", given: "Bruno Henrique", surnames: "Carvalho Mendes", cpf: core.CompleteCPF("390533447"), occupation: 7, income: 11000},
	{key: "carla", given: "Carla Regina", surnames: "Moreira Santos", cpf: core.CompleteCPF("714602380"), female: true, occupation: 25, income: 9000},
	{key: "diego", given: "Diego", surnames: "Alves Pereira", cpf: core.CompleteCPF("268351774"), occupation: 25, income: 8000},
	{key: "eduardo", given: "Eduardo", surnames: "Tavares Nogueira", cpf: core.CompleteCPF("853513468"), occupation: 0, income: 12000},
}

// credentials are a demo user's password and second factor.
type credentials struct {
	password string
	totp     string // base32, RFC 6238; empty for none
}

// demoCredentials are documented in docs and printed by `ifconnect seed`.
var demoCredentials = map[string]credentials{
	"ana":     {password: "Ana@Ipe2024"},
	"bruno":   {password: "Bruno@Ipe2024", totp: base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("ifconnect-demo-bruno"))},
	"carla":   {password: "Carla@Ipe2024"},
	"diego":   {password: "Diego@Ipe2024"},
	"eduardo": {password: "Eduardo@Ipe2024"},
}

var demoPortfolios = map[string]portfolio{
	"ana":     {checking: true, savings: true, prepaid: true, card: true, premium: true, loans: 1, financings: 1, overdraft: true, standing: 2, act: demo},
	"bruno":   {checking: true, card: true, standing: 1, act: heavy},
	"carla":   {checking: true, savings: true, act: regular, standing: 1},
	"diego":   {checking: true, card: true, act: regular},
	"eduardo": {checking: true, card: true, loans: 1, act: regular},
}

// companySpec fixes a demo company.
type companySpec struct {
	key, legal, trade, cnpj string
	business                int // index into businesses
	revenue                 int // thousand BRL a year
	dual                    bool
	reps                    []*personSpec
	portfolio               portfolio
}

var demoCompanies = []companySpec{
	{key: "padaria", legal: "Padaria Pão de Ipê LTDA", trade: "Padaria Pão de Ipê", cnpj: core.CompleteCNPJ("314159260001"),
		business: 0, revenue: 1800, dual: true, reps: []*personSpec{&demoPeople[2], &demoPeople[3]},
		portfolio: portfolio{checking: true, savings: true, card: true, multiAuth: true, loans: 1, financings: 1, invoices: 1, standing: 2, act: demo}},
	{key: "tavares", legal: "Tavares Tecnologia ME", trade: "Tavares Tecnologia", cnpj: core.CompleteCNPJ("271828180001"),
		business: 7, revenue: 960, dual: false, reps: []*personSpec{&demoPeople[4]},
		portfolio: portfolio{checking: true, card: true, loans: 1, invoices: 1, standing: 1, act: heavy}},
}

// demoUnit is one generation unit of the demo data.
type demoUnit struct {
	name     string
	person   *personSpec
	business string // demo company key
}

func (d demoUnit) customers() int {
	if d.person != nil {
		return 1
	}
	for _, c := range demoCompanies {
		if c.key == d.business {
			return 1 + len(c.reps)
		}
	}
	return 0
}

var demoUnits = []demoUnit{
	{name: "ana", person: &demoPeople[0]},
	{name: "bruno", person: &demoPeople[1]},
	{name: "padaria", business: "padaria"},
	{name: "tavares", business: "tavares"},
}

// demoUnit generates one demo unit from a random stream that does not depend on the seed, and records
// its users for demo-users.json.
func (g *generator) demoUnit(p unitPlan) error {
	r := rng{rand.New(rand.NewPCG(demoStream, uint64(p.index)))}
	u := demoUnits[p.index]
	if u.person != nil {
		h := g.person(r, u.person, u.person.portfolioActivity())
		g.demoUsers = append(g.demoUsers, demoUserOf(*u.person, h, nil))
		return nil
	}
	for i := range demoCompanies {
		spec := &demoCompanies[i]
		if spec.key != u.business {
			continue
		}
		company, reps := g.company(r, spec)
		for j, rep := range reps {
			g.demoUsers = append(g.demoUsers, demoUserOf(*spec.reps[j], rep, &company))
		}
	}
	return nil
}

func (s personSpec) portfolioActivity() activity { return demoPortfolios[s.key].act }

// demoUserOf describes a demo user for demo-users.json.
func demoUserOf(s personSpec, own holding, company *holding) DemoUser {
	d := DemoUser{
		Key:         s.key,
		Login:       own.customer.TaxID,
		Password:    demoCredentials[s.key].password,
		UserID:      own.userID,
		Name:        own.customer.Name,
		CPF:         own.customer.TaxID,
		CustomerID:  own.customer.ID,
		AccountIDs:  append([]string{}, own.deposits...),
		CardIDs:     append([]string{}, own.cards...),
		TOTPSecret:  demoCredentials[s.key].totp,
		ContractIDs: contractIDs(own),
	}
	if company != nil {
		c := company.customer
		d.Business = &DemoBusiness{CNPJ: c.TaxID, CustomerID: c.ID, Name: c.Name, TradeName: c.BusinessProfile.TradeName,
			DualApproval: c.BusinessProfile.DualApproval}
		d.AccountIDs = append(d.AccountIDs, company.deposits...)
		d.CardIDs = append(d.CardIDs, company.cards...)
		cc := contractIDs(*company)
		d.ContractIDs.Loans = append(d.ContractIDs.Loans, cc.Loans...)
		d.ContractIDs.Financings = append(d.ContractIDs.Financings, cc.Financings...)
		d.ContractIDs.InvoiceFinancings = append(d.ContractIDs.InvoiceFinancings, cc.InvoiceFinancings...)
		d.ContractIDs.UnarrangedAccountsOverdraft = append(d.ContractIDs.UnarrangedAccountsOverdraft, cc.UnarrangedAccountsOverdraft...)
	}
	return d
}

func contractIDs(h holding) DemoContracts {
	ids := func(k core.ContractKind) []string { return append([]string{}, h.contracts[k]...) }
	return DemoContracts{
		Loans:                       ids(core.Loan),
		Financings:                  ids(core.Financing),
		InvoiceFinancings:           ids(core.InvoiceFinancing),
		UnarrangedAccountsOverdraft: ids(core.UnarrangedOverdraft),
	}
}
