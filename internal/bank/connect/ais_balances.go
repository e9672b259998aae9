package connect

import (
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// getBalances serves GET /balances?accountIds=…: the balances of the PSU's accounts among accountIds
// (BAL-010-010, skipping the others: BAL-010-030; empty: BAL-010-040), one record per balance type or
// only the type asked for (BAL-010-110, BAL-010-120); 400 without accountIds (BAL-010-020) or with an
// unknown balanceType (BAL-010-130).
func (s *server) getBalances(c *call) (any, error) {
	if c.accountIDs == nil {
		return nil, invalid("the accountIds query parameter is required")
	}
	kind, err := parseBalanceType(c.query)
	if err != nil {
		return nil, err
	}
	accs, err := s.collectionAccounts(c)
	if err != nil {
		return nil, err
	}
	return s.balances(c, accountIDsOf(accs), kind)
}

// getAccountBalances serves GET /accounts/{accountId}/balances (BAL-020-010, BAL-020-100; 400 for
// BAL-020-020, BAL-020-050 and an unknown balanceType, BAL-010-120).
func (s *server) getAccountBalances(c *call) (any, error) {
	kind, err := parseBalanceType(c.query)
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
	return s.balances(c, []string{a.ID}, kind)
}

func (s *server) balances(c *call, ids []string, kind string) (bankconnect.BalancesResponse, error) {
	out := bankconnect.BalancesResponse{Data: []bankconnect.Balance{}}
	if len(ids) == 0 {
		return out, nil
	}
	bals, err := s.Accounts.Balances(c.r.Context(), ids)
	if err != nil {
		return out, err
	}
	for _, b := range bals {
		for _, t := range bankconnect.BalanceTypes {
			if kind == "" || kind == t {
				out.Data = append(out.Data, s.toBalance(b, t))
			}
		}
	}
	return out, nil
}

// toBalance is one balance record of type t. Amounts are absolute; the indicator carries the sign
// ("Debit" for a negative balance; zero is "Credit").
func (s *server) toBalance(b core.Balance, t string) bankconnect.Balance {
	var m core.Money
	var lines []bankconnect.CreditLine
	switch t {
	case bankconnect.BalanceInterimAvailable:
		m = b.Available
		lines = []bankconnect.CreditLine{
			{Included: true, CreditType: bankconnect.CreditLinePreAgreed, Amount: amount(b.OverdraftLimit, b.Currency)},
			{Included: true, CreditType: bankconnect.CreditLinePreAgreedUsed, Amount: amount(b.OverdraftUsed, b.Currency)},
			{Included: false, CreditType: bankconnect.CreditLineUnarranged, Amount: amount(b.UnarrangedOverdraftUsed, b.Currency)},
		}
	case bankconnect.BalanceBlocked:
		m = b.Blocked
	case bankconnect.BalanceAutomaticallyInvested:
		m = b.AutomaticallyInvested
	}
	at := b.At
	if at.IsZero() {
		at = s.now()
	}
	cd := bankconnect.Credit
	if m < 0 {
		cd = bankconnect.Debit
	}
	return bankconnect.Balance{
		AccountID: b.AccountID, CreditDebitIndicator: cd, BalanceType: t, Timestamp: dateTime(at),
		Amount: amount(m, b.Currency), CreditLines: lines,
	}
}
