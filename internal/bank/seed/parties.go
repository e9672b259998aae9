package seed

import "github.com/ifconnect/ifconnect/internal/bank/core"

// setParties fills in the counterparties every holder shares: the bank itself (fees, yields,
// instalments), its card acquirer (card sales of companies) and the federal revenue service (the DAS
// of Simples Nacional companies).
func (g *generator) setParties() {
	b := g.o.Bank
	g.bank.self = core.Counterparty{Name: b.Name, TaxID: b.CNPJ, PersonType: "PESSOA_JURIDICA", CompeCode: b.COMPE}
	g.bank.acquirer = core.Counterparty{Name: b.Brand + " Adquirência S.A.", TaxID: core.CompleteCNPJ(b.CNPJ[:8] + "0002"),
		PersonType: "PESSOA_JURIDICA", CompeCode: b.COMPE}
	g.bank.treasury = core.Counterparty{Name: "Secretaria da Receita Federal do Brasil", TaxID: core.CompleteCNPJ("003944600001"),
		PersonType: "PESSOA_JURIDICA", CompeCode: "001"}
}

// someone is a person outside the bank, from the pool.
func (l *ledger) someone() *core.Counterparty {
	return &l.g.outsiders.people[l.r.IntN(len(l.g.outsiders.people))]
}

// someCompany is a company outside the bank, from the pool.
func (l *ledger) someCompany() *core.Counterparty {
	return &l.g.outsiders.companies[l.r.IntN(len(l.g.outsiders.companies))]
}
