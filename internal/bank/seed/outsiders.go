package seed

import (
	"fmt"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// outsiders are the people and companies outside the bank that customers pay and are paid by: a fixed
// pool per seed, so the same names recur in statements the way real ones do.
type outsiders struct {
	people    []core.Counterparty
	companies []core.Counterparty // employers, suppliers, clients
	merchants []core.Counterparty // parallel to the merchants table
}

func newOutsiders(ids taxIDs, r rng) outsiders {
	var o outsiders
	for i := range 400 {
		female := r.percent(50)
		name := givenName(r, female) + " " + pick(r, surnames) + " " + pick(r, surnames)
		o.people = append(o.people, externalAccount(r, core.Counterparty{
			Name: name, TaxID: ids.cpf(outsiderCPFFrom + uint64(i)), PersonType: "PESSOA_NATURAL",
		}))
	}
	for i := range 200 {
		name := fmt.Sprintf("%s %s %s %s", pick(r, supplierWords), pick(r, businessWords), pick(r, surnames), pick(r, legalSuffixes))
		o.companies = append(o.companies, externalAccount(r, core.Counterparty{
			Name: name, TaxID: ids.cnpj(outsiderCNPJFrom + uint64(i)), PersonType: "PESSOA_JURIDICA",
		}))
	}
	for i, m := range merchants {
		o.merchants = append(o.merchants, externalAccount(r, core.Counterparty{
			Name: m.name, TaxID: ids.cnpj(outsiderCNPJFrom + 1000 + uint64(i)), PersonType: "PESSOA_JURIDICA",
		}))
	}
	return o
}

// externalAccount gives a counterparty an account at another bank.
func externalAccount(r rng, c core.Counterparty) core.Counterparty {
	inst := pick(r, institutions)
	c.CompeCode = inst.compe
	c.BranchCode = fmt.Sprintf("%04d", r.between(1, 4999))
	c.Number = r.digits(r.between(6, 9))
	c.CheckDigit = checkDigit(c.Number)
	return c
}

func givenName(r rng, female bool) string {
	if female {
		return pick(r, femaleNames)
	}
	return pick(r, maleNames)
}
