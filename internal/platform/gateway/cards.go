package gateway

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/obb"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
)

// The credit-cards-accounts API (fase2/swagger_credit_cards_apis.yaml). Bank Connect AIS has no card
// operations, so the gateway maps them from the bank's accounts of type CARTAO_CREDITO:
//
//   - accounts and identification: the account's product name, the network read from its nickname
//     ("Cartão Visa final 1234") and the card's last four digits as identificationNumber; a product
//     name with "Empresarial" is EMPRESARIAL, any other product type is OUTROS with the name as
//     productAdditionalInfo;
//   - limits: the InterimAvailable balance's Pre-Agreed credit line is the total limit, the balance's
//     debt (a Debit balance) the used amount, and their difference the available amount;
//   - transactions: the account's statement lines (GET /accounts/{id}/transactions); a fee is TARIFA,
//     a credit named ESTORNO is ESTORNO, the bill's payment (a credit) OUTROS and any other debit a
//     purchase, PAGAMENTO, all A_VISTA on the CREDITO_A_VISTA line, with "NA"/0 where the bank keeps
//     no such detail (MCC, instalment plans, other credits);
//   - bills: the statement lines grouped by calendar month (Brasília time); the bill of month M is due
//     on day 10 of month M+1, its id is "<creditCardAccountId>-<YYYYMM>", its total the month's
//     debits less its refunds, its minimum 15% of the total, its payments the month's bill payments
//     (BOLETO_BANCARIO, as the bank's customers pay from their accounts) or, as the spec requires at
//     least one, 0.00 on the due date, and its finance charges the single SEM_ENCARGO entry.

// cardNetworks maps words of a card's name to EnumCreditCardAccountNetwork.
var cardNetworks = []struct{ word, network string }{
	{"VISA", "VISA"}, {"MASTERCARD", "MASTERCARD"}, {"AMERICAN EXPRESS", "AMERICAN_EXPRESS"}, {"AMEX", "AMERICAN_EXPRESS"},
	{"DINERS", "DINERS_CLUB"}, {"HIPERCARD", "HIPERCARD"}, {"ELO", "ELO"},
}

// cardInfo is what the bank's account says of a card.
type cardInfo struct {
	name, productType, productInfo, network, networkInfo, last4 string
}

func cardOf(a bankconnect.Account) cardInfo {
	ci := cardInfo{name: clip(firstOf(a.ProductName, a.NickName, "Cartão de crédito"), 50), productType: "OUTROS", network: "OUTRAS"}
	ci.productInfo = ci.name
	if strings.Contains(strings.ToUpper(a.ProductName), "EMPRESARIAL") {
		ci.productType, ci.productInfo = "EMPRESARIAL", ""
	}
	upper := " " + strings.ToUpper(a.NickName+" "+a.ProductName) + " "
	for _, n := range cardNetworks {
		if strings.Contains(upper, " "+n.word+" ") {
			ci.network = n.network
			break
		}
	}
	if ci.network == "OUTRAS" {
		ci.networkInfo = "NA"
	}
	if i := strings.LastIndex(strings.ToLower(a.NickName), "final "); i >= 0 {
		ci.last4 = strings.TrimSpace(a.NickName[i+len("final "):])
	}
	if !resourceIDPattern.MatchString(ci.last4) {
		ci.last4 = a.Number
		if len(ci.last4) > 4 {
			ci.last4 = ci.last4[len(ci.last4)-4:]
		}
	}
	return ci
}

// getCards serves GET /open-banking/credit-cards-accounts/v1/accounts.
func (g *gateway) getCards(c *call) (int, any, error) {
	q, err := query(c.r)
	if err != nil {
		return 0, nil, err
	}
	p, err := parsePaging(q)
	if err != nil {
		return 0, nil, err
	}
	accs, err := g.bank.Accounts(c.r.Context(), c.bankContext(), c.consent.AccountIDs)
	if err != nil {
		return 0, nil, fromBank(err)
	}
	out := []obb.CreditCardAccount{}
	for _, a := range accs {
		if a.AccountType != accountTypeCard || !c.allowsResource(a.ID) {
			continue
		}
		ci := cardOf(a)
		out = append(out, obb.CreditCardAccount{CreditCardAccountID: a.ID, BrandName: a.BrandName, CompanyCNPJ: a.CompanyCNPJ, Name: ci.name,
			ProductType: ci.productType, ProductAdditionalInfo: ci.productInfo, CreditCardNetwork: ci.network, NetworkAdditionalInfo: ci.networkInfo})
	}
	data, links, meta := page(c.r, p, out, g.now())
	return http.StatusOK, obb.Response[[]obb.CreditCardAccount]{Data: data, Links: links, Meta: meta}, nil
}

// cardAccount reads the path's card from the bank after the consent check; a deposit account is not
// a card (404).
func (g *gateway) cardAccount(c *call) (bankconnect.Account, error) {
	return g.pathAccount(c, "creditCardAccountId", true)
}

// getCard serves GET /open-banking/credit-cards-accounts/v1/accounts/{creditCardAccountId}.
func (g *gateway) getCard(c *call) (int, any, error) {
	a, err := g.cardAccount(c)
	if err != nil {
		return 0, nil, err
	}
	ci := cardOf(a)
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[obb.CreditCardIdentification]{Data: obb.CreditCardIdentification{
		Name: ci.name, ProductType: ci.productType, ProductAdditionalInfo: ci.productInfo, CreditCardNetwork: ci.network,
		NetworkAdditionalInfo: ci.networkInfo, PaymentMethod: []obb.CardPaymentMethod{{IdentificationNumber: ci.last4}},
	}, Links: links, Meta: meta}, nil
}

// getCardLimits serves GET …/accounts/{creditCardAccountId}/limits.
func (g *gateway) getCardLimits(c *call) (int, any, error) {
	a, err := g.cardAccount(c)
	if err != nil {
		return 0, nil, err
	}
	bs, err := g.bank.Balances(c.r.Context(), c.bankContext(), a.ID)
	if err != nil {
		return 0, nil, fromBank(err)
	}
	var limit, used int64
	for _, b := range bs {
		if b.BalanceType != bankconnect.BalanceInterimAvailable {
			continue
		}
		if b.CreditDebitIndicator == bankconnect.Debit {
			used, _ = cents(b.Amount.Amount)
		}
		for _, l := range b.CreditLines {
			if l.CreditType == bankconnect.CreditLinePreAgreed {
				limit, _ = cents(l.Amount.Amount)
			}
		}
	}
	ci := cardOf(a)
	out := []obb.CreditCardLimit{{
		CreditLineLimitType: "LIMITE_CREDITO_TOTAL", ConsolidationType: "CONSOLIDADO", IdentificationNumber: ci.last4, LineName: "CREDITO_A_VISTA",
		LimitAmountCurrency: "BRL", LimitAmount: obb.Number(fmtCents(limit)), UsedAmountCurrency: "BRL", UsedAmount: obb.Number(fmtCents(used)),
		AvailableAmountCurrency: "BRL", AvailableAmount: obb.Number(fmtCents(max(limit-used, 0))),
	}}
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[[]obb.CreditCardLimit]{Data: out, Links: links, Meta: meta}, nil
}

// cardLine is one statement line of a card with its bill.
type cardLine struct {
	tx   bankconnect.Transaction
	date time.Time // booking date, Brasília time
	bill string    // YYYYMM
}

// cardLines reads the card's statement from the bank.
func (g *gateway) cardLines(c *call, a bankconnect.Account) ([]cardLine, error) {
	txs, err := g.bank.Transactions(c.r.Context(), c.bankContext(), a.ID, g.consentPeriod(c))
	if err != nil {
		return nil, fromBank(err)
	}
	out := make([]cardLine, 0, len(txs))
	for _, t := range txs {
		d, err := time.Parse(time.RFC3339, t.BookingDateTime)
		if err != nil {
			continue
		}
		d = d.In(brt)
		out = append(out, cardLine{tx: t, date: d, bill: d.Format("200601")})
	}
	return out, nil
}

// consentPeriod is the bank filter of the consent's transaction period alone.
func (g *gateway) consentPeriod(c *call) (f bankclient.TransactionFilter) {
	f, _ = g.transactionFilter(c, "", "", "")
	return f
}

// cardTransactionType classifies a card statement line (see the package comment of this file).
func cardTransactionType(t bankconnect.Transaction) string {
	name := strings.ToUpper(t.TransactionInformation)
	switch {
	case strings.HasPrefix(t.BankTransactionCode.Code, "TARIFA") || strings.Contains(name, "ANUIDADE"):
		return "TARIFA"
	case t.CreditDebitIndicator == bankconnect.Credit && strings.Contains(name, "ESTORNO"):
		return "ESTORNO"
	case t.CreditDebitIndicator == bankconnect.Credit:
		return "OUTROS"
	}
	return "PAGAMENTO"
}

// isBillPayment reports whether a credit line pays the bill.
func isBillPayment(t bankconnect.Transaction) bool {
	return t.CreditDebitIndicator == bankconnect.Credit && strings.Contains(strings.ToUpper(t.TransactionInformation), "PAGAMENTO")
}

// billDue is the due date of the bill of month yyyymm: day 10 of the next month.
func billDue(yyyymm string) string {
	t, err := time.Parse("200601", yyyymm)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 1, 9).Format(time.DateOnly)
}

func cardTransaction(accountID, last4 string, l cardLine) obb.CreditCardTransaction {
	t := l.tx
	out := obb.CreditCardTransaction{
		TransactionID: t.TransactionID, IdentificationNumber: last4, LineName: "CREDITO_A_VISTA",
		TransactionName: clip(firstOf(t.TransactionInformation, t.TransactionReference, "NA"), 100), BillID: accountID + "-" + l.bill,
		CreditDebitType: obb.Credito, TransactionType: cardTransactionType(t), TransactionalAdditionalInfo: "NA", PaymentType: "A_VISTA",
		FeeType: "OUTRA", FeeTypeAdditionalInfo: "NA", OtherCreditsType: "OUTROS", OtherCreditsAdditionalInfo: "NA",
		ChargeIdentificator: "NA", ChargeNumber: "1", BrazilianAmount: obb.Number(t.Amount.Amount), Amount: obb.Number(t.Amount.Amount),
		Currency: orBRL(t.Amount.Currency), TransactionDate: l.date.Format(time.DateOnly), BillPostDate: l.date.Format(time.DateOnly), PayeeMCC: "0",
	}
	if t.CreditDebitIndicator == bankconnect.Debit {
		out.CreditDebitType = obb.Debito
	}
	if strings.Contains(strings.ToUpper(t.TransactionInformation), "ANUIDADE") {
		out.FeeType = "ANUIDADE"
	}
	if !resourceIDPattern.MatchString(out.TransactionID) {
		out.TransactionID = ""
	}
	return out
}

// cardTxQuery is the filter of the card transaction operations.
type cardTxQuery struct {
	from, to string // YYYY-MM-DD
	typ      string
	mcc      string
}

func parseCardTxQuery(q map[string][]string) (cardTxQuery, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	f := cardTxQuery{from: get("fromTransactionDate"), to: get("toTransactionDate"), typ: get("transactionType"), mcc: get("payeeMCC")}
	for name, v := range map[string]string{"fromTransactionDate": f.from, "toTransactionDate": f.to} {
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil || len(v) != 10 {
			return f, badRequest(codeInvalidParameter, "%s must be a date (YYYY-MM-DD)", name)
		}
	}
	if f.typ != "" && !slices.Contains([]string{"PAGAMENTO", "TARIFA", "OPERACOES_CREDITO_CONTRATADAS_CARTAO", "ESTORNO", "CASHBACK", "OUTROS"}, f.typ) {
		return f, badRequest(codeInvalidParameter, "transactionType is not one of EnumCreditCardTransactionType")
	}
	if f.mcc != "" {
		if _, err := strconv.Atoi(f.mcc); err != nil || len(f.mcc) > 4 {
			return f, badRequest(codeInvalidParameter, "payeeMCC must be a number of up to 4 digits")
		}
	}
	return f, nil
}

func (f cardTxQuery) match(t obb.CreditCardTransaction) bool {
	switch {
	case f.from != "" && t.TransactionDate < f.from, f.to != "" && t.TransactionDate > f.to:
		return false
	case f.typ != "" && t.TransactionType != f.typ:
		return false
	case f.mcc != "" && strings.TrimLeft(f.mcc, "0") != strings.TrimLeft(string(t.PayeeMCC), "0"):
		return false
	}
	return true
}

// cardTransactions serves the two transaction lists; bill narrows to one bill (YYYYMM).
func (g *gateway) cardTransactions(c *call, bill string) (int, any, error) {
	q, err := query(c.r)
	if err != nil {
		return 0, nil, err
	}
	p, err := parsePaging(q)
	if err != nil {
		return 0, nil, err
	}
	f, err := parseCardTxQuery(q)
	if err != nil {
		return 0, nil, err
	}
	a, err := g.cardAccount(c)
	if err != nil {
		return 0, nil, err
	}
	lines, err := g.cardLines(c, a)
	if err != nil {
		return 0, nil, err
	}
	last4 := cardOf(a).last4
	out := []obb.CreditCardTransaction{}
	for _, l := range lines {
		if bill != "" && l.bill != bill {
			continue
		}
		if t := cardTransaction(a.ID, last4, l); f.match(t) {
			out = append(out, t)
		}
	}
	data, links, meta := page(c.r, p, out, g.now())
	return http.StatusOK, obb.Response[[]obb.CreditCardTransaction]{Data: data, Links: links, Meta: meta}, nil
}

// getCardTransactions serves GET …/accounts/{creditCardAccountId}/transactions.
func (g *gateway) getCardTransactions(c *call) (int, any, error) { return g.cardTransactions(c, "") }

// getCardBillTransactions serves GET …/accounts/{creditCardAccountId}/bills/{billId}/transactions.
func (g *gateway) getCardBillTransactions(c *call) (int, any, error) {
	id, bill := c.r.PathValue("creditCardAccountId"), c.r.PathValue("billId")
	month, ok := strings.CutPrefix(bill, id+"-")
	if !ok || billDue(month) == "" {
		return 0, nil, notFound("no bill %s of card %s", clip(bill, 100), clip(id, 100))
	}
	return g.cardTransactions(c, month)
}

// getCardBills serves GET …/accounts/{creditCardAccountId}/bills, newest first, filtered by
// fromDueDate/toDueDate.
func (g *gateway) getCardBills(c *call) (int, any, error) {
	q, err := query(c.r)
	if err != nil {
		return 0, nil, err
	}
	p, err := parsePaging(q)
	if err != nil {
		return 0, nil, err
	}
	from, to := q.Get("fromDueDate"), q.Get("toDueDate")
	for name, v := range map[string]string{"fromDueDate": from, "toDueDate": to} {
		if _, err := time.Parse(time.DateOnly, v); v != "" && (err != nil || len(v) != 10) {
			return 0, nil, badRequest(codeInvalidParameter, "%s must be a date (YYYY-MM-DD)", name)
		}
	}
	a, err := g.cardAccount(c)
	if err != nil {
		return 0, nil, err
	}
	lines, err := g.cardLines(c, a)
	if err != nil {
		return 0, nil, err
	}
	type acc struct {
		total    int64
		payments []obb.BillPayment
	}
	months := map[string]*acc{}
	var order []string
	for _, l := range lines {
		b := months[l.bill]
		if b == nil {
			b = &acc{payments: []obb.BillPayment{}}
			months[l.bill] = b
			order = append(order, l.bill)
		}
		amt, ok := cents(l.tx.Amount.Amount)
		if !ok {
			continue
		}
		switch {
		case isBillPayment(l.tx):
			b.payments = append(b.payments, obb.BillPayment{ValueType: "VALOR_PAGAMENTO_FATURA_REALIZADO", PaymentDate: l.date.Format(time.DateOnly),
				PaymentMode: "BOLETO_BANCARIO", Amount: obb.Number(l.tx.Amount.Amount), Currency: orBRL(l.tx.Amount.Currency)})
		case l.tx.CreditDebitIndicator == bankconnect.Debit:
			b.total += amt
		default:
			b.total -= amt
		}
	}
	slices.SortFunc(order, func(x, y string) int { return strings.Compare(y, x) })
	out := []obb.CreditCardBill{}
	for _, m := range order {
		due := billDue(m)
		if (from != "" && due < from) || (to != "" && due > to) {
			continue
		}
		b := months[m]
		total := max(b.total, 0)
		if len(b.payments) == 0 {
			// The spec requires at least one payment; an unpaid bill reports 0.00 on its due date.
			b.payments = []obb.BillPayment{{ValueType: "VALOR_PAGAMENTO_FATURA_REALIZADO", PaymentDate: due, PaymentMode: "BOLETO_BANCARIO", Amount: "0.00", Currency: "BRL"}}
		}
		out = append(out, obb.CreditCardBill{BillID: a.ID + "-" + m, DueDate: due, BillTotalAmount: obb.Number(fmtCents(total)), BillTotalAmountCurrency: "BRL",
			BillMinimumAmount: obb.Number(fmtCents(total * 15 / 100)), BillMinimumAmountCurrency: "BRL",
			// The bank reports no charges on its bills; the spec requires one entry, SEM_ENCARGO.
			FinanceCharges: []obb.BillFinanceCharge{{Type: "SEM_ENCARGO", Amount: "0.00", Currency: "BRL"}},
			Payments:       b.payments})
	}
	data, links, meta := page(c.r, p, out, g.now())
	return http.StatusOK, obb.Response[[]obb.CreditCardBill]{Data: data, Links: links, Meta: meta}, nil
}
