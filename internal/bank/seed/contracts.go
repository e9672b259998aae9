package seed

import (
	"fmt"
	"math/big"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// terms are what the bank offers for one credit product.
type terms struct {
	kind          core.ContractKind
	productType   string
	subType       string
	name          string
	minN, maxN    int // instalments
	minBP, maxBP  int // monthly interest in basis points
	disbursed     bool
	warranty      string
	warrantySub   string
	warrantyPct   int64 // warranty value as a percentage of the amount
	postFixed     bool  // CDI plus a spread
	consigned     bool
	singlePayment bool // one payment at the due date (receivables discount, overdraft)
	// minShare and maxShare bound the instalment as a percentage of the holder's monthly income or
	// revenue: the bank lends what the customer can repay.
	minShare, maxShare int64
}

var (
	personalLoan   = terms{core.Loan, "EMPRESTIMOS", "CREDITO_PESSOAL_SEM_CONSIGNACAO", "Crédito Pessoal Ipê", 12, 48, 250, 650, true, "", "", 0, false, false, false, 6, 14}
	payrollLoan    = terms{core.Loan, "EMPRESTIMOS", "CREDITO_PESSOAL_COM_CONSIGNACAO", "Consignado Ipê", 24, 84, 150, 210, true, "", "", 0, false, true, false, 10, 20}
	workingCapital = terms{core.Loan, "EMPRESTIMOS", "CAPITAL_GIRO_PRAZO_VENCIMENTO_SUPERIOR_365_DIAS", "Capital de Giro Ipê", 13, 36, 120, 260, true, "GARANTIA_FIDEJUSSORIA", "PESSOA_FISICA", 100, true, false, false, 3, 8}
	vehicleFinance = terms{core.Financing, "FINANCIAMENTOS", "AQUISICAO_BENS_VEICULOS_AUTOMOTORES", "Financiamento de Veículos Ipê", 24, 60, 130, 220, false, "ALIENACAO_FIDUCIARIA", "VEICULOS_AUTOMOTORES", 125, false, false, false, 8, 15}
	assetFinance   = terms{core.Financing, "FINANCIAMENTOS", "AQUISICAO_BENS_OUTROS_BENS", "Financiamento de Máquinas e Equipamentos Ipê", 24, 48, 110, 190, false, "ALIENACAO_FIDUCIARIA", "OUTROS_BENS", 110, false, false, false, 3, 6}
	discount       = terms{core.InvoiceFinancing, "DIREITOS_CREDITORIOS_DESCONTADOS", "DESCONTO_DUPLICATAS", "Desconto de Duplicatas Ipê", 1, 1, 150, 300, true, "CESSAO_DIREITOS_CREDITORIOS", "DUPLICATAS", 100, false, false, true, 0, 0}
	overdraft      = terms{core.UnarrangedOverdraft, "ADIANTAMENTO_A_DEPOSITANTES", "ADIANTAMENTO_A_DEPOSITANTES", "Adiantamento a Depositante", 1, 1, 700, 800, false, "", "", 0, false, false, true, 0, 0}
)

// credit is a contract being simulated: its schedule and what has been paid of it.
type credit struct {
	c         core.Contract
	schedule  []instalment
	paid      int
	pastDue   int
	principal core.Money // principal repaid
}

type instalment struct {
	due       time.Time
	amount    core.Money
	principal core.Money
}

// contract draws a contract of terms t for holder c, scaled by base (monthly income or revenue), and
// schedules its disbursement to and instalments from account book pay.
func (l *ledger) contract(c core.Customer, t terms, base core.Money, pay int, consignee string) *credit {
	g, r := l.g, l.r
	n := r.between(t.minN, t.maxN)
	bp := int64(r.between(t.minBP, t.maxBP))
	var amount core.Money
	var signed time.Time
	switch t.kind {
	case core.InvoiceFinancing:
		amount = base * core.Money(r.between(15, 45)) / 100
		signed = g.o.Now.AddDate(0, 0, -r.between(10, 100))
	case core.UnarrangedOverdraft:
		amount = core.Money(r.between(100, 2000)) * 100
		signed = g.start.AddDate(0, r.between(0, g.o.Months-2), r.IntN(28))
	default:
		// The amount whose Price instalment is the chosen share of the income: instalments are linear
		// in the amount, so scale the instalment of 10 000.00.
		target := int64(base) * int64(r.between(int(t.minShare), int(t.maxShare))) / 100
		unit := int64(price(10000_00, bp, n, g.o.Now)[0].amount)
		amount = core.Money(target * 10000_00 / unit)
		signed = g.o.Now.AddDate(0, -r.between(2, min(n-1, 30)), -r.IntN(28))
	}
	amount = max(amount/10000*10000, 1000_00) // whole hundreds of reais
	signed = time.Date(signed.Year(), signed.Month(), signed.Day(), r.between(9, 17), r.IntN(60), 0, 0, brt)
	id := g.id("ctr", &g.next.contract)
	number := fmt.Sprintf("%012d", (uint64(g.next.contract)*cnpjMultiplier+g.ids.cnpjOffset)%1_000_000_000_000)
	cr := &credit{c: core.Contract{
		ID:               id,
		CustomerID:       c.ID,
		Kind:             t.kind,
		ProductType:      t.productType,
		ProductSubType:   t.subType,
		ProductName:      t.name,
		ContractNumber:   number,
		IPOCCode:         g.o.Bank.ISPB + t.productType[:2] + t.subType[:2] + c.TaxID + number,
		Currency:         "BRL",
		Amount:           amount,
		ContractDate:     truncDay(signed),
		DisbursementDate: truncDay(signed),
		SettlementDate:   truncDay(signed),
		Amortization:     "PRICE",
		Periodicity:      "MENSAL",
		ConsigneeCNPJ:    consignee,
	}}
	if t.singlePayment {
		cr.c.Amortization, cr.c.Periodicity = "SEM_SISTEMA_AMORTIZACAO", "SEM_PERIODICIDADE_REGULAR"
		days := r.between(30, 90)
		if t.kind == core.UnarrangedOverdraft {
			days = r.between(3, 20)
		}
		interest := amount * core.Money(bp) * core.Money(days) / 30 / 10000
		cr.schedule = []instalment{{due: truncDay(signed.AddDate(0, 0, days)), amount: amount + interest, principal: amount}}
		cr.c.Instalments.TypeTotal, cr.c.Instalments.Total = "DIA", days
		cr.c.Instalments.TypeRemaining = "DIA"
	} else {
		cr.schedule = price(amount, bp, n, truncDay(signed.AddDate(0, 1, 0)))
		cr.c.Instalments.TypeTotal, cr.c.Instalments.Total = "MES", n
		cr.c.Instalments.TypeRemaining = "MES"
	}
	cr.c.FirstInstalmentDueDate = cr.schedule[0].due
	cr.c.DueDate = cr.schedule[len(cr.schedule)-1].due
	cr.c.CET, cr.c.InterestRates = rates(bp, t.postFixed, r)
	cr.c.Fees = []core.ContractFee{{Name: "Tarifa de Cadastro", Code: "CADASTRO", ChargeType: "UNICA", Charge: "FIXO", Amount: core.Money(r.between(0, 3)) * 5000}}
	cr.c.Charges = []core.FinanceCharge{
		{Type: "JUROS_MORA_ATRASO", Rate: "0.010000", AdditionalInfo: "1% ao mês sobre a parcela em atraso"},
		{Type: "MULTA_ATRASO_PAGAMENTO", Rate: "0.020000", AdditionalInfo: "2% sobre a parcela em atraso"},
		{Type: "IOF_CONTRATACAO", Rate: "0.003800", AdditionalInfo: "IOF adicional de 0,38% na contratação"},
	}
	if t.warranty != "" {
		cr.c.Warranties = []core.Warranty{{Type: t.warranty, SubType: t.warrantySub, Currency: "BRL", Amount: amount * core.Money(t.warrantyPct) / 100}}
	}
	if t.disbursed && g.inPast(signed) && pay >= 0 {
		net := amount
		if t.kind == core.InvoiceFinancing {
			net = amount - (cr.schedule[0].amount - amount) // the discount is withheld up front
			cr.schedule[0].amount = amount
		}
		l.in(pay, signed, core.Other, net, "CREDITO "+upperASCII(t.name), &g.bank.self)
	}
	for k := range cr.schedule {
		l.schedule(cr, k, t, pay)
	}
	return cr
}

// schedule decides how instalment k is paid: before the history starts it was paid on time; within
// the history it is a debit of the holder's account that may fail for lack of funds; after now it is
// still due. Receivables discounts and overdrafts are repaid by others (the debtors of the invoices,
// the next deposits), so they never debit the statement.
func (l *ledger) schedule(cr *credit, k int, t terms, pay int) {
	g, r := l.g, l.r
	in := cr.schedule[k]
	switch {
	case in.due.After(g.o.Now):
		return
	case in.due.Before(g.start) || t.singlePayment || pay < 0:
		cr.pay(k, in.due.Add(time.Duration(r.between(9, 17))*time.Hour))
	default:
		l.add(event{at: in.due.Add(time.Duration(r.between(6, 9)) * time.Hour), book: pay, cd: core.Debit, kind: core.Boleto,
			amount: in.amount, desc: fmt.Sprintf("PARCELA %d/%d %s", k+1, len(cr.schedule), upperASCII(t.name)),
			cp:      &g.bank.self,
			applied: func(at time.Time, _ core.Money) { cr.pay(k, at) },
			skipped: func() { cr.pastDue++ }})
	}
}

// pay records instalment k as paid at at.
func (cr *credit) pay(k int, at time.Time) {
	in := cr.schedule[k]
	cr.paid++
	cr.principal += in.principal
	cr.c.Releases = append(cr.c.Releases, core.Release{
		ID:           fmt.Sprintf("%s-r%d", cr.c.ID, k+1),
		InstalmentID: fmt.Sprintf("%s-p%d", cr.c.ID, k+1),
		PaidDate:     at,
		Amount:       in.amount,
		Currency:     "BRL",
	})
}

// finish fills in what the simulation decided: counts and the outstanding balance.
func (cr *credit) finish() core.Contract {
	ins := &cr.c.Instalments
	if ins.TypeTotal == "DIA" {
		ins.Paid, ins.PastDue = cr.paid, cr.pastDue
		ins.Due = 1 - cr.paid - cr.pastDue
		ins.Remaining = 0
		if cr.paid == 0 {
			ins.Remaining = int(cr.schedule[0].due.Sub(cr.c.ContractDate).Hours() / 24)
		}
	} else {
		ins.Paid, ins.PastDue = cr.paid, cr.pastDue
		ins.Remaining = ins.Total - cr.paid
		ins.Due = ins.Remaining - cr.pastDue
	}
	cr.c.OutstandingBalance = cr.c.Amount - cr.principal
	return cr.c
}

// price is the French amortisation schedule (Tabela Price): equal instalments
// P = A·i / (1 − (1+i)⁻ⁿ), computed exactly in integers and rounded to the centavo, then split into
// interest and principal month by month in whole centavos; the last instalment absorbs the rounding.
// With i = bp/10000, P = A·bp·Nⁿ / (10000·(Nⁿ − Dⁿ)) where N = 10000+bp and D = 10000.
func price(amount core.Money, bp int64, n int, first time.Time) []instalment {
	nn := new(big.Int).Exp(big.NewInt(10000+bp), big.NewInt(int64(n)), nil)
	dn := new(big.Int).Exp(big.NewInt(10000), big.NewInt(int64(n)), nil)
	num := new(big.Int).Mul(big.NewInt(int64(amount)*bp), nn)
	den := new(big.Int).Mul(big.NewInt(10000), new(big.Int).Sub(nn, dn))
	p := core.Money(roundQuo(num, den))
	out := make([]instalment, n)
	bal := amount
	for k := range n {
		interest := core.Money((int64(bal)*bp + 5000) / 10000)
		principal := p - interest
		if k == n-1 {
			principal = bal
		}
		bal -= principal
		out[k] = instalment{due: first.AddDate(0, k, 0), amount: principal + interest, principal: principal}
	}
	return out
}

// roundQuo returns num/den rounded to the nearest integer, halves up, for non-negative operands.
func roundQuo(num, den *big.Int) int64 {
	n := new(big.Int).Lsh(num, 1)
	n.Add(n, den)
	return n.Quo(n, new(big.Int).Lsh(den, 1)).Int64()
}

// rates returns the contract's CET and interest components for a monthly rate of bp basis points: the
// effective annual rate (1+i)¹² − 1, and the CET with IOF and fees, about a point and a half above it.
func rates(bp int64, postFixed bool, r rng) (string, []core.InterestRate) {
	nn := new(big.Int).Exp(big.NewInt(10000+bp), big.NewInt(12), nil)
	dn := new(big.Int).Exp(big.NewInt(10000), big.NewInt(12), nil)
	annual := new(big.Rat).SetFrac(new(big.Int).Sub(nn, dn), dn)
	cet := new(big.Rat).Add(annual, big.NewRat(int64(r.between(80, 250)), 10000))
	ir := core.InterestRate{
		TaxType: "EFETIVA", InterestRateType: "COMPOSTO", TaxPeriodicity: "AA", Calculation: "30/360",
		IndexerType: "PRE_FIXADO", IndexerSubType: "PRE_FIXADO", PreFixedRate: annual.FloatString(6), PostFixedRate: "0.000000",
	}
	if postFixed {
		ir.Calculation, ir.IndexerType, ir.IndexerSubType = "21/252", "POS_FIXADO", "CDI"
		ir.PostFixedRate = "1.000000"
		ir.AdditionalInfo = "100% do CDI acrescido da taxa pré-fixada"
	}
	return cet.FloatString(4), []core.InterestRate{ir}
}

func truncDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}
