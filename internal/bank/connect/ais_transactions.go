package connect

import (
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// getTransactions serves GET /transactions: one page of the transactions of the PSU's accounts among
// accountIds, or of all the PSU's accounts without accountIds (TXN-020-010), skipping unknown ones
// (TXN-020-020), filtered by booking date (TXN-020-011/012/013) and credit/debit.
func (s *server) getTransactions(c *call) (any, error) {
	q, err := parseTxQuery(c.query, s.loc)
	if err != nil {
		return nil, err
	}
	accs, err := s.collectionAccounts(c)
	if err != nil {
		return nil, err
	}
	return s.transactions(c, accountIDsOf(accs), q)
}

// getAccountTransactions serves GET /accounts/{accountId}/transactions (TXN-010-010, with the date
// filters TXN-010-011/012/013; 400 when the account does not exist or is another PSU's, TXN-010-020).
func (s *server) getAccountTransactions(c *call) (any, error) {
	q, err := parseTxQuery(c.query, s.loc)
	if err != nil {
		return nil, err
	}
	sc, err := s.scopeOf(c.r.Context(), c)
	if err != nil {
		return nil, err
	}
	a, err := s.accountOf(c.r.Context(), c, sc, c.r.PathValue("accountId"))
	if err != nil {
		return nil, err
	}
	return s.transactions(c, []string{a.ID}, q)
}

// transactions reads one page. With no account to read the answer is an empty first page: the store
// is never asked with an empty account list, which it could read as "no bound".
func (s *server) transactions(c *call, ids []string, q txQuery) (bankconnect.TransactionsResponse, error) {
	out := bankconnect.TransactionsResponse{Data: []bankconnect.Transaction{}, Meta: bankconnect.PaginatedMeta{Paginated: true, TotalPages: 1}}
	if len(ids) == 0 {
		return out, nil
	}
	page, err := s.Transactions.Transactions(c.r.Context(), core.TransactionFilter{
		AccountIDs: ids, From: q.From, To: q.To, CreditDebit: q.CreditDebit, Page: q.Page, PageSize: s.PageSize,
	})
	if err != nil {
		return out, err
	}
	out.Data = make([]bankconnect.Transaction, len(page.Transactions))
	for i, t := range page.Transactions {
		out.Data[i] = toTransaction(t)
	}
	out.Meta.TotalPages = max(page.TotalPages, 1)
	return out, nil
}

// toTransaction is the BRCBTransaction of a statement line: the OBB type as bank transaction code,
// the counterparty as "partie".
func toTransaction(t core.Transaction) bankconnect.Transaction {
	cd, sub := bankconnect.Credit, bankconnect.SubCodeIncoming
	if t.CreditDebit == core.Debit {
		cd, sub = bankconnect.Debit, bankconnect.SubCodeOutgoing
	}
	out := bankconnect.Transaction{
		TransactionID:          t.ID,
		Status:                 t.Status,
		CreditDebitIndicator:   cd,
		TransactionReference:   t.Reference,
		TransactionInformation: t.Description,
		BankTransactionCode:    bankconnect.BankTransactionCode{Code: string(t.Kind), SubCode: sub},
		Amount:                 amount(t.Amount, t.Currency),
		BookingDateTime:        dateTime(t.BookedAt),
		PartieName:             t.Counterparty.Name,
		PartieCnpjCpf:          t.Counterparty.TaxID,
		PartiePersonType:       t.Counterparty.PersonType,
		PartieCompeCode:        t.Counterparty.CompeCode,
		PartieBranchCode:       t.Counterparty.BranchCode,
		PartieNumber:           t.Counterparty.Number,
		PartieCheckDigit:       t.Counterparty.CheckDigit,
	}
	if out.Status == "" {
		out.Status = core.Booked
	}
	if out.TransactionReference == "" {
		out.TransactionReference = t.ID
	}
	if out.BankTransactionCode.Code == "" {
		out.BankTransactionCode.Code = string(core.Other)
	}
	if !t.ValueAt.IsZero() {
		out.ValueDateTime = dateTime(t.ValueAt)
	}
	return out
}
