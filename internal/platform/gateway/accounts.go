package gateway

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/obb"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
)

// The accounts API (fase2/swagger_accounts_apis.yaml): the consent's deposit, savings and prepaid
// accounts, read from the bank's Bank Connect AIS (steps 6002–6005). The bank's credit-card accounts
// (accountType CARTAO_CREDITO) belong to the credit-cards-accounts API and are left out here.

// accountTypeCard is the bank's account type of a credit card (BRCBAccount.accountType).
const accountTypeCard = "CARTAO_CREDITO"

// accountTypes is EnumAccountType.
var accountTypes = []string{"CONTA_DEPOSITO_A_VISTA", "CONTA_POUPANCA", "CONTA_PAGAMENTO_PRE_PAGA"}

// brt is Brasília time, in which transaction dates are business dates.
var brt = time.FixedZone("BRT", -3*60*60)

// getAccounts serves GET /open-banking/accounts/v1/accounts.
func (g *gateway) getAccounts(c *call) (int, any, error) {
	q, err := query(c.r)
	if err != nil {
		return 0, nil, err
	}
	p, err := parsePaging(q)
	if err != nil {
		return 0, nil, err
	}
	typ := q.Get("accountType")
	if typ != "" && !slices.Contains(accountTypes, typ) {
		return 0, nil, badRequest(codeInvalidParameter, "accountType must be one of %s", strings.Join(accountTypes, ", "))
	}
	accs, err := g.bank.Accounts(c.r.Context(), c.bankContext(), c.consent.AccountIDs)
	if err != nil {
		return 0, nil, fromBank(err)
	}
	out := make([]obb.Account, 0, len(accs))
	for _, a := range accs {
		if a.AccountType == accountTypeCard || (typ != "" && a.AccountType != typ) || !c.allowsResource(a.ID) {
			continue
		}
		out = append(out, obb.Account{
			BrandName: a.BrandName, CompanyCNPJ: a.CompanyCNPJ, Type: a.AccountType, CompeCode: a.CompeCode,
			BranchCode: a.BranchCode, Number: a.Number, CheckDigit: a.CheckDigit, AccountID: a.ID,
		})
	}
	data, links, meta := page(c.r, p, out, g.now())
	return http.StatusOK, obb.Response[[]obb.Account]{Data: data, Links: links, Meta: meta}, nil
}

// depositAccount reads the path's account from the bank after checking the consent names it; a
// credit card is not an account of this API (404).
func (g *gateway) depositAccount(c *call) (bankconnect.Account, error) {
	return g.pathAccount(c, "accountId", false)
}

// pathAccount reads the account named by the path parameter param from the bank, after checking the
// consent names it, and answers 404 unless it is a credit card exactly when card is set: the
// accounts API and the credit-cards-accounts API each see only their own kind.
func (g *gateway) pathAccount(c *call, param string, card bool) (bankconnect.Account, error) {
	id := c.r.PathValue(param)
	if err := c.requireResource(param, id); err != nil {
		return bankconnect.Account{}, err
	}
	a, err := g.bank.Account(c.r.Context(), c.bankContext(), id)
	if err != nil {
		return a, fromBank(err)
	}
	switch isCard := a.AccountType == accountTypeCard; {
	case isCard && !card:
		return a, notFound("account %s is a credit card account (credit-cards-accounts API)", id)
	case !isCard && card:
		return a, notFound("account %s is not a credit card account (accounts API)", id)
	}
	return a, nil
}

// getAccount serves GET /open-banking/accounts/v1/accounts/{accountId}.
func (g *gateway) getAccount(c *call) (int, any, error) {
	a, err := g.depositAccount(c)
	if err != nil {
		return 0, nil, err
	}
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[obb.AccountIdentification]{Data: obb.AccountIdentification{
		CompeCode: a.CompeCode, BranchCode: a.BranchCode, Number: a.Number, CheckDigit: a.CheckDigit,
		Type: a.AccountType, Subtype: a.AccountSubType, Currency: orBRL(a.Currency),
	}, Links: links, Meta: meta}, nil
}

// accountBalances reads the account's balances after the consent check.
func (g *gateway) accountBalances(c *call) ([]bankconnect.Balance, error) {
	id := c.r.PathValue("accountId")
	if err := c.requireResource("accountId", id); err != nil {
		return nil, err
	}
	bs, err := g.bank.Balances(c.r.Context(), c.bankContext(), id)
	if err != nil {
		return nil, fromBank(err)
	}
	return bs, nil
}

// getAccountBalances serves GET /open-banking/accounts/v1/accounts/{accountId}/balances: the bank's
// InterimAvailable, Blocked and AutomaticallyInvested balances become availableAmount (signed),
// blockedAmount and automaticallyInvestedAmount.
func (g *gateway) getAccountBalances(c *call) (int, any, error) {
	bs, err := g.accountBalances(c)
	if err != nil {
		return 0, nil, err
	}
	d := obb.AccountBalances{AvailableAmountCurrency: "BRL", BlockedAmountCurrency: "BRL", AutomaticallyInvestedAmountCurrency: "BRL"}
	for _, b := range bs {
		amt, cur := signed(b.Amount.Amount, b.CreditDebitIndicator), orBRL(b.Amount.Currency)
		switch b.BalanceType {
		case bankconnect.BalanceInterimAvailable:
			d.AvailableAmount, d.AvailableAmountCurrency = amt, cur
		case bankconnect.BalanceBlocked:
			d.BlockedAmount, d.BlockedAmountCurrency = amt, cur
		case bankconnect.BalanceAutomaticallyInvested:
			d.AutomaticallyInvestedAmount, d.AutomaticallyInvestedAmountCurrency = amt, cur
		}
	}
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[obb.AccountBalances]{Data: d, Links: links, Meta: meta}, nil
}

// getAccountOverdraftLimits serves GET /open-banking/accounts/v1/accounts/{accountId}/overdraft-limits
// from the credit lines of the bank's InterimAvailable balance: Pre-Agreed (contracted limit),
// Pre-Agreed-Used (used limit) and Unarranged-Used (unarranged overdraft). A line the bank does not
// report is null, as the spec allows.
func (g *gateway) getAccountOverdraftLimits(c *call) (int, any, error) {
	bs, err := g.accountBalances(c)
	if err != nil {
		return 0, nil, err
	}
	d := obb.AccountOverdraftLimits{OverdraftContractedLimitCurrency: "BRL", OverdraftUsedLimitCurrency: "BRL", UnarrangedOverdraftAmountCurrency: "BRL"}
	for _, b := range bs {
		if b.BalanceType != bankconnect.BalanceInterimAvailable {
			continue
		}
		for _, l := range b.CreditLines {
			amt, cur := obb.Number(l.Amount.Amount), orBRL(l.Amount.Currency)
			switch l.CreditType {
			case bankconnect.CreditLinePreAgreed:
				d.OverdraftContractedLimit, d.OverdraftContractedLimitCurrency = amt, cur
			case bankconnect.CreditLinePreAgreedUsed:
				d.OverdraftUsedLimit, d.OverdraftUsedLimitCurrency = amt, cur
			case bankconnect.CreditLineUnarranged:
				d.UnarrangedOverdraftAmount, d.UnarrangedOverdraftAmountCurrency = amt, cur
			}
		}
	}
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[obb.AccountOverdraftLimits]{Data: d, Links: links, Meta: meta}, nil
}

// getAccountTransactions serves GET /open-banking/accounts/v1/accounts/{accountId}/transactions:
// the bank's statement lines within fromBookingDate–toBookingDate and the consent's transaction
// period, paged by the gateway.
func (g *gateway) getAccountTransactions(c *call) (int, any, error) {
	id := c.r.PathValue("accountId")
	if err := c.requireResource("accountId", id); err != nil {
		return 0, nil, err
	}
	q, err := query(c.r)
	if err != nil {
		return 0, nil, err
	}
	p, err := parsePaging(q)
	if err != nil {
		return 0, nil, err
	}
	f, err := g.transactionFilter(c, q.Get("fromBookingDate"), q.Get("toBookingDate"), q.Get("creditDebitIndicator"))
	if err != nil {
		return 0, nil, err
	}
	txs, err := g.bank.Transactions(c.r.Context(), c.bankContext(), id, f)
	if err != nil {
		return 0, nil, fromBank(err)
	}
	out := make([]obb.AccountTransaction, len(txs))
	for i, t := range txs {
		out[i] = accountTransaction(t)
	}
	data, links, meta := page(c.r, p, out, g.now())
	return http.StatusOK, obb.Response[[]obb.AccountTransaction]{Data: data, Links: links, Meta: meta}, nil
}

// transactionFilter builds the bank filter from the TPP's dates and indicator and the consent's
// transactionFromDateTime/transactionToDateTime, which bound any period the TPP asks for.
func (g *gateway) transactionFilter(c *call, from, to, cd string) (bankclient.TransactionFilter, error) {
	var f bankclient.TransactionFilter
	var fromT, toT time.Time
	for _, d := range []struct {
		name, v string
		dst     *time.Time
		end     bool
	}{{"fromBookingDate", from, &fromT, false}, {"toBookingDate", to, &toT, true}} {
		if d.v == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.v, brt)
		if err != nil || len(d.v) != 10 {
			return f, badRequest(codeInvalidParameter, "%s must be a date (YYYY-MM-DD)", d.name)
		}
		if d.end {
			t = t.AddDate(0, 0, 1).Add(-time.Second)
		}
		*d.dst = t
	}
	if !fromT.IsZero() && !toT.IsZero() && toT.Before(fromT) {
		return f, badRequest(codeInvalidParameter, "toBookingDate is before fromBookingDate")
	}
	if t, err := parseZulu(stringMember(c.consent.Data, "transactionFromDateTime")); err == nil && (fromT.IsZero() || fromT.Before(t)) {
		fromT = t
	}
	if t, err := parseZulu(stringMember(c.consent.Data, "transactionToDateTime")); err == nil && (toT.IsZero() || toT.After(t)) {
		toT = t
	}
	if !fromT.IsZero() {
		f.From = fromT.UTC().Format(time.RFC3339)
	}
	if !toT.IsZero() {
		f.To = toT.UTC().Format(time.RFC3339)
	}
	switch cd {
	case "":
	case obb.Credito:
		f.CreditDebit = bankconnect.Credit
	case obb.Debito:
		f.CreditDebit = bankconnect.Debit
	default:
		return f, badRequest(codeInvalidParameter, "creditDebitIndicator must be CREDITO or DEBITO")
	}
	return f, nil
}

// transactionTypes is EnumTransactionTypes; a bank code outside it is OUTROS.
var transactionTypes = []string{"TED", "DOC", "PIX", "TRANSFERENCIA_MESMA_INSTITUICAO", "BOLETO", "CONVENIO_ARRECADACAO",
	"PACOTE_TARIFA_SERVICOS", "TARIFA_SERVICOS_AVULSOS", "FOLHA_PAGAMENTO", "DEPOSITO", "SAQUE", "CARTAO",
	"ENCARGOS_JUROS_CHEQUE_ESPECIAL", "RENDIMENTO_APLIC_FINANCEIRA", "PORTABILIDADE_SALARIO", "RESGATE_APLIC_FINANCEIRA",
	"OPERACAO_CREDITO", "OUTROS"}

// accountTransaction maps a bank statement line (BRCBTransaction) to AccountTransactionsData.
func accountTransaction(t bankconnect.Transaction) obb.AccountTransaction {
	out := obb.AccountTransaction{
		TransactionID:                  t.TransactionID,
		CompletedAuthorisedPaymentType: obb.TransactionCompleted,
		CreditDebitType:                obb.Credito,
		TransactionName:                clip(firstOf(t.TransactionInformation, t.TransactionReference, t.BankTransactionCode.Code), 60),
		Type:                           "OUTROS",
		Amount:                         obb.Number(t.Amount.Amount),
		TransactionCurrency:            orBRL(t.Amount.Currency),
		TransactionDate:                businessDate(t.BookingDateTime),
		PartieCnpjCpf:                  orNA(t.PartieCnpjCpf),
		PartiePersonType:               t.PartiePersonType,
		PartieCompeCode:                orNA(t.PartieCompeCode),
		PartieBranchCode:               orNA(t.PartieBranchCode),
		PartieNumber:                   accountNumber(t.PartieNumber),
		PartieCheckDigit:               clip(t.PartieCheckDigit, 1),
	}
	if t.Status == "Pending" {
		out.CompletedAuthorisedPaymentType = obb.TransactionFuture
	}
	if t.CreditDebitIndicator == bankconnect.Debit {
		out.CreditDebitType = obb.Debito
	}
	if slices.Contains(transactionTypes, t.BankTransactionCode.Code) {
		out.Type = t.BankTransactionCode.Code
	}
	if out.PartiePersonType == "" {
		// The spec requires a person type even for lines without a counterparty (fees, interest).
		out.PartiePersonType = "PESSOA_NATURAL"
		if len(t.PartieCnpjCpf) == 14 {
			out.PartiePersonType = "PESSOA_JURIDICA"
		}
	}
	if !resourceIDPattern.MatchString(out.TransactionID) {
		out.TransactionID = ""
	}
	return out
}

// businessDate is the Brasília date of an RFC 3339 instant ("" stays "").
func businessDate(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return clip(s, 10)
	}
	return t.In(brt).Format(time.DateOnly)
}

// signed is a bank amount (never negative) with the sign of its indicator.
func signed(amount, indicator string) obb.Number {
	if indicator == bankconnect.Debit && amount != "" && strings.Trim(amount, "0.") != "" {
		return obb.Number("-" + amount)
	}
	return obb.Number(amount)
}

// accountNumber writes an account number as the specs' ^\d{8,20}$ wants: shorter numbers (other
// banks number accounts with fewer digits) are left-padded with zeros, which keeps their value.
func accountNumber(n string) string {
	if n == "" {
		return "NA"
	}
	if len(n) < 8 && strings.Trim(n, "0123456789") == "" {
		return strings.Repeat("0", 8-len(n)) + n
	}
	return n
}

func orBRL(c string) string {
	if c == "" {
		return "BRL"
	}
	return c
}

func orNA(s string) string {
	if s == "" {
		return "NA"
	}
	return s
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
