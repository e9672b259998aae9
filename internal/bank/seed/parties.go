package seed

import "github.com/ifconnect/ifconnect/internal/bank/core"

// bankCounterparty is the bank itself, the counterparty of fees and yields.
func (g *generator) bankCounterparty() core.Counterparty {
	return core.Counterparty{Name: g.o.Bank.Name, TaxID: g.o.Bank.CNPJ, PersonType: "PESSOA_JURIDICA", CompeCode: g.o.Bank.COMPE}
}

// acquirer is the card acquirer that settles a company's card sales, the bank's own.
func (g *generator) acquirer() core.Counterparty {
	return core.Counterparty{Name: g.o.Bank.Brand + " Adquirência S.A.", TaxID: core.CompleteCNPJ(g.o.Bank.CNPJ[:8] + "0002"),
		PersonType: "PESSOA_JURIDICA", CompeCode: g.o.Bank.COMPE}
}

// treasury is the federal revenue service, which collects the DAS of Simples Nacional companies.
func (g *generator) treasury() core.Counterparty {
	return core.Counterparty{Name: "Secretaria da Receita Federal do Brasil", TaxID: core.CompleteCNPJ("003944600001"),
		PersonType: "PESSOA_JURIDICA", CompeCode: "001"}
}
