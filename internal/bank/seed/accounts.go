package seed

import (
	"fmt"
	"strconv"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// Product ids of the bank's catalogue, referenced by accounts.
const (
	productPersonalChecking = "prod-pf-conta-corrente"
	productPersonalPremium  = "prod-pf-conta-exclusive"
	productSavings          = "prod-poupanca"
	productPrepaid          = "prod-conta-pagamento"
	productBusinessChecking = "prod-pj-conta-empresarial"
	productPersonalCard     = "prod-pf-cartao"
	productBusinessCard     = "prod-pj-cartao"
)

var productNames = map[string]string{
	productPersonalChecking: "Conta Corrente Ipê Essencial",
	productPersonalPremium:  "Conta Corrente Ipê Exclusive",
	productSavings:          "Poupança Ipê",
	productPrepaid:          "Conta Digital Ipê Pré-paga",
	productBusinessChecking: "Conta Empresarial Ipê",
	productPersonalCard:     "Cartão de Crédito Ipê",
	productBusinessCard:     "Cartão Empresarial Ipê",
}

// products is the catalogue, in a fixed order; the types are the UK Open Banking product types the
// Bank Connect AIS contract uses.
func products() []core.Product {
	return []core.Product{
		{ID: productPersonalChecking, Name: productNames[productPersonalChecking], Type: "PersonalCurrentAccount"},
		{ID: productPersonalPremium, Name: productNames[productPersonalPremium], Type: "PersonalCurrentAccount"},
		{ID: productSavings, Name: productNames[productSavings], Type: "Other"},
		{ID: productPrepaid, Name: productNames[productPrepaid], Type: "Other"},
		{ID: productBusinessChecking, Name: productNames[productBusinessChecking], Type: "BusinessCurrentAccount"},
		{ID: productPersonalCard, Name: productNames[productPersonalCard], Type: "Other"},
		{ID: productBusinessCard, Name: productNames[productBusinessCard], Type: "CommercialCreditCard"},
	}
}

// Account numbers are 8 digits drawn like tax ids (a bijection of the account counter), so they are
// unique without a lookup table.
const (
	accountSpace      = 100_000_000
	accountMultiplier = 1_594_323 // 3¹³
)

// newAccount opens an account of type t for customer c at the branch of city ci.
func (g *generator) newAccount(r rng, c core.Customer, ci int, t core.AccountType, product string) core.Account {
	id := g.id("acc", &g.next.account)
	number := fmt.Sprintf("%08d", (uint64(g.next.account)*accountMultiplier+g.ids.cpfOffset)%accountSpace)
	opened := c.Since
	if t != core.Checking && t != core.PrepaidPayment {
		opened = opened.AddDate(0, r.between(0, 6), r.IntN(28))
	}
	if opened.After(g.start) {
		opened = g.start.AddDate(0, 0, -r.between(1, 90))
	}
	a := core.Account{
		ID:          id,
		CustomerID:  c.ID,
		Type:        t,
		SubType:     core.Individual,
		Currency:    "BRL",
		Status:      core.AccountEnabled,
		CompeCode:   g.o.Bank.COMPE,
		BranchCode:  branchCode(ci, r),
		Number:      number,
		CheckDigit:  checkDigit(number),
		ProductID:   product,
		ProductName: productNames[product],
		OpenedAt:    opened,
	}
	return a
}

// branchCode is one of the two branches the bank keeps in each city.
func branchCode(ci int, r rng) string {
	return fmt.Sprintf("%04d", 1001+ci*37+r.IntN(2)*3)
}

// checkDigit is the modulo-11 check digit of an account number (weights 2–9 from the right), the
// scheme most Brazilian banks use; a result of 10 or 11 becomes 0.
func checkDigit(number string) string {
	sum, w := 0, 2
	for i := len(number) - 1; i >= 0; i-- {
		sum += int(number[i]-'0') * w
		w++
		if w > 9 {
			w = 2
		}
	}
	d := 11 - sum%11
	if d >= 10 {
		d = 0
	}
	return strconv.Itoa(d)
}
