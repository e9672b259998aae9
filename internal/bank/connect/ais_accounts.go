package connect

import (
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// getAccounts serves GET /accounts?accountIds=…: the PSU's accounts among accountIds, skipping those
// that do not exist or are not the PSU's (ACC-010-010, ACC-010-030), an empty list when none is left
// (ACC-010-040), 400 without accountIds (ACC-010-020).
func (s *server) getAccounts(c *call) (any, error) {
	if c.accountIDs == nil {
		return nil, invalid("the accountIds query parameter is required")
	}
	accs, err := s.collectionAccounts(c)
	if err != nil {
		return nil, err
	}
	out := bankconnect.AccountsResponse{Data: make([]bankconnect.Account, len(accs))}
	for i, a := range accs {
		out.Data[i] = s.toAccount(a)
	}
	return out, nil
}

// getAccount serves GET /accounts/{accountId} (ACC-020-010; 400 for ACC-020-020 and ACC-020-050).
func (s *server) getAccount(c *call) (any, error) {
	sc, err := s.scopeOf(c.r.Context(), c)
	if err != nil {
		return nil, err
	}
	a, err := s.accountOf(c.r.Context(), c, sc, c.r.PathValue("accountId"))
	if err != nil {
		return nil, err
	}
	return bankconnect.AccountResponse{Data: s.toAccount(a)}, nil
}

// toAccount is the BRCBAccount of a core account.
func (s *server) toAccount(a core.Account) bankconnect.Account {
	out := bankconnect.Account{
		ID:             a.ID,
		BrandID:        s.Institution.BrandID,
		BrandName:      s.Institution.BrandName,
		CompanyCNPJ:    s.Institution.CNPJ,
		AccountType:    string(a.Type),
		AccountSubType: string(a.SubType),
		Currency:       currency(a.Currency),
		Status:         a.Status,
		CompeCode:      a.CompeCode,
		BranchCode:     a.BranchCode,
		CheckDigit:     a.CheckDigit,
		Number:         a.Number,
		NickName:       a.Nickname,
		ProductName:    a.ProductName,
		AccountNumbers: []bankconnect.AccountNumber{accountNumber(a.CompeCode, a.BranchCode, a.Number, a.CheckDigit)},
	}
	if !a.OpenedAt.IsZero() {
		out.OpeningDate = dateTime(a.OpenedAt)
	}
	return out
}

// accountNumber identifies a Brazilian account in the BR.COMPE.BRANCH.ACCOUNT scheme.
func accountNumber(compe, branch, number, digit string) bankconnect.AccountNumber {
	id := compe + "-" + branch + "-" + number
	if digit != "" {
		id += "-" + digit
	}
	return bankconnect.AccountNumber{SchemeName: bankconnect.SchemeBRAccount, Identification: id, SecondaryIdentification: digit}
}

// currency defaults an empty currency to BRL, the only one Brazilian accounts hold.
func currency(c string) string {
	if c == "" {
		return "BRL"
	}
	return c
}

// amount is the contract's Amount of a non-negative sum.
func amount(m core.Money, cur string) bankconnect.Amount {
	return bankconnect.Amount{Amount: m.Abs().String(), Currency: currency(cur)}
}

// dateTime formats an instant as RFC 3339 to the second, in UTC.
func dateTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// date formats a calendar date as YYYY-MM-DD; "" for the zero time. A time at midnight is a pure date
// (a birth date stored as 00:00 UTC) and keeps its day; any other instant is dated in the bank's time
// zone, where its business day is.
func (s *server) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if h, m, sec := t.Clock(); h == 0 && m == 0 && sec == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.In(s.loc).Format(time.DateOnly)
}
