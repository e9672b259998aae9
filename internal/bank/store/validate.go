package store

import (
	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// validated is what checking a batch in memory leaves for the write: each account's balance (zero
// when the batch has none) and the references to records outside the batch, which must be stored
// already, each with the first record that refers to it.
type validated struct {
	balances         map[string]core.Balance
	outsideCustomers map[string]string
	outsideAccounts  map[string]string
}

// validateBatch checks everything about b that needs no database, and reports the first problem as an
// EINVALID error naming the record.
func validateBatch(b core.Batch) (*validated, error) {
	v := &validated{
		balances:         make(map[string]core.Balance, len(b.Accounts)),
		outsideCustomers: map[string]string{},
		outsideAccounts:  map[string]string{},
	}
	customers := make(map[string]bool, len(b.Customers))
	taxIDs := make(map[string]bool, len(b.Customers))
	for _, c := range b.Customers {
		if err := validCustomer(c); err != nil {
			return nil, err
		}
		if customers[c.ID] {
			return nil, core.Errorf(core.EINVALID, "customer %s appears twice in the batch", c.ID)
		}
		if taxIDs[c.TaxID] {
			return nil, core.Errorf(core.EINVALID, "customer %s: tax id %s appears twice in the batch", c.ID, core.MaskTaxID(c.TaxID))
		}
		customers[c.ID], taxIDs[c.TaxID] = true, true
	}
	customerRef := func(id, who string) error {
		if id == "" {
			return core.Errorf(core.EINVALID, "%s has no customer id", who)
		}
		if !customers[id] {
			if _, ok := v.outsideCustomers[id]; !ok {
				v.outsideCustomers[id] = who
			}
		}
		return nil
	}
	for _, c := range b.Customers {
		if c.BusinessProfile == nil {
			continue
		}
		for _, r := range c.BusinessProfile.Representatives {
			if r.CustomerID != "" {
				customerRef(r.CustomerID, "customer "+c.ID+" representative")
			}
		}
	}

	logins := map[string]bool{}
	users := map[string]bool{}
	for _, u := range b.Users {
		switch {
		case u.ID == "":
			return nil, core.Errorf(core.EINVALID, "a user has no id")
		case users[u.ID]:
			return nil, core.Errorf(core.EINVALID, "user %s appears twice in the batch", u.ID)
		case u.Login == "":
			return nil, core.Errorf(core.EINVALID, "user %s has no login", u.ID)
		case logins[u.Login]:
			return nil, core.Errorf(core.EINVALID, "user %s: login %s appears twice in the batch", u.ID, core.MaskTaxID(u.Login))
		}
		users[u.ID], logins[u.Login] = true, true
		if err := customerRef(u.CustomerID, "user "+u.ID); err != nil {
			return nil, err
		}
	}

	accounts := make(map[string]core.Account, len(b.Accounts))
	for _, a := range b.Accounts {
		switch {
		case a.ID == "":
			return nil, core.Errorf(core.EINVALID, "an account has no id")
		case accounts[a.ID].ID != "":
			return nil, core.Errorf(core.EINVALID, "account %s appears twice in the batch", a.ID)
		case !validAccountType(a.Type):
			return nil, core.Errorf(core.EINVALID, "account %s: unknown type %q", a.ID, a.Type)
		case a.Limits.PerPayment < 0 || a.Limits.Overdraft < 0:
			return nil, core.Errorf(core.EINVALID, "account %s: limits must not be negative", a.ID)
		}
		accounts[a.ID] = a
		if err := customerRef(a.CustomerID, "account "+a.ID); err != nil {
			return nil, err
		}
	}
	for _, bal := range b.Balances {
		if _, ok := accounts[bal.AccountID]; !ok {
			return nil, core.Errorf(core.EINVALID, "balance of account %s: the account is not in the batch", bal.AccountID)
		}
		if _, ok := v.balances[bal.AccountID]; ok {
			return nil, core.Errorf(core.EINVALID, "balance of account %s appears twice in the batch", bal.AccountID)
		}
		v.balances[bal.AccountID] = bal
	}
	for _, a := range b.Accounts {
		if _, ok := v.balances[a.ID]; !ok {
			v.balances[a.ID] = core.Balance{AccountID: a.ID, Currency: a.Currency}
		}
	}

	statement := make(map[string]core.Money, len(b.Accounts))
	txIDs := make(map[string]bool, len(b.Transactions))
	for _, t := range b.Transactions {
		switch {
		case t.ID == "":
			return nil, core.Errorf(core.EINVALID, "a transaction of account %s has no id", t.AccountID)
		case txIDs[t.ID]:
			return nil, core.Errorf(core.EINVALID, "transaction %s appears twice in the batch", t.ID)
		case accounts[t.AccountID].ID == "":
			return nil, core.Errorf(core.EINVALID, "transaction %s: account %q is not in the batch (an account's statement is imported with it)", t.ID, t.AccountID)
		case t.Amount <= 0:
			return nil, core.Errorf(core.EINVALID, "transaction %s: amount %s must be positive", t.ID, t.Amount)
		}
		txIDs[t.ID] = true
		switch t.CreditDebit {
		case core.Credit:
			statement[t.AccountID] += t.Amount
		case core.Debit:
			statement[t.AccountID] -= t.Amount
		default:
			return nil, core.Errorf(core.EINVALID, "transaction %s: credit/debit indicator %q must be Credit or Debit", t.ID, t.CreditDebit)
		}
	}
	for _, a := range b.Accounts {
		if got, want := statement[a.ID], v.balances[a.ID].Available; got != want {
			return nil, core.Errorf(core.EINVALID, "account %s: its transactions sum to %s but its available balance is %s", a.ID, got, want)
		}
	}

	contracts := make(map[string]bool, len(b.Contracts))
	for _, c := range b.Contracts {
		switch {
		case c.ID == "":
			return nil, core.Errorf(core.EINVALID, "a contract of customer %s has no id", c.CustomerID)
		case contracts[c.ID]:
			return nil, core.Errorf(core.EINVALID, "contract %s appears twice in the batch", c.ID)
		case !validKind(c.Kind):
			return nil, core.Errorf(core.EINVALID, "contract %s: unknown kind %q", c.ID, c.Kind)
		}
		contracts[c.ID] = true
		if err := customerRef(c.CustomerID, "contract "+c.ID); err != nil {
			return nil, err
		}
	}

	accountRef := func(kind, id, account string) error {
		if id == "" {
			return core.Errorf(core.EINVALID, "a %s of account %s has no id", kind, account)
		}
		if account == "" {
			return core.Errorf(core.EINVALID, "%s %s has no account id", kind, id)
		}
		if accounts[account].ID == "" {
			if _, ok := v.outsideAccounts[account]; !ok {
				v.outsideAccounts[account] = kind + " " + id
			}
		}
		return nil
	}
	for _, x := range b.DirectDebits {
		if err := accountRef("direct debit", x.ID, x.AccountID); err != nil {
			return nil, err
		}
	}
	for _, x := range b.StandingOrders {
		if err := accountRef("standing order", x.ID, x.AccountID); err != nil {
			return nil, err
		}
	}
	for _, x := range b.ScheduledPayments {
		if err := accountRef("scheduled payment", x.ID, x.AccountID); err != nil {
			return nil, err
		}
	}
	for _, x := range b.Beneficiaries {
		if err := accountRef("beneficiary", x.ID, x.AccountID); err != nil {
			return nil, err
		}
	}
	for _, x := range b.Offers {
		if err := accountRef("offer", x.ID, x.AccountID); err != nil {
			return nil, err
		}
	}
	for _, p := range b.Products {
		if p.ID == "" {
			return nil, core.Errorf(core.EINVALID, "product %q has no id", p.Name)
		}
	}
	return v, nil
}

func validCustomer(c core.Customer) error {
	switch {
	case c.ID == "":
		return core.Errorf(core.EINVALID, "customer %q has no id", c.Name)
	case c.Name == "":
		return core.Errorf(core.EINVALID, "customer %s has no name", c.ID)
	}
	switch c.Kind {
	case core.Personal:
		if !core.ValidCPF(c.TaxID) {
			return core.Errorf(core.EINVALID, "customer %s: %q is not a valid CPF", c.ID, c.TaxID)
		}
		if c.BusinessProfile != nil {
			return core.Errorf(core.EINVALID, "customer %s: a personal customer has no business profile", c.ID)
		}
	case core.Business:
		if !core.ValidCNPJ(c.TaxID) {
			return core.Errorf(core.EINVALID, "customer %s: %q is not a valid CNPJ", c.ID, c.TaxID)
		}
		if c.Personal != nil {
			return core.Errorf(core.EINVALID, "customer %s: a business customer has no personal profile", c.ID)
		}
		if c.BusinessProfile != nil {
			for _, r := range c.BusinessProfile.Representatives {
				if !core.ValidCPF(r.CPF) {
					return core.Errorf(core.EINVALID, "customer %s: representative %q has an invalid CPF %q", c.ID, r.Name, r.CPF)
				}
			}
		}
	default:
		return core.Errorf(core.EINVALID, "customer %s: unknown kind %q", c.ID, c.Kind)
	}
	return nil
}

func validAccountType(t core.AccountType) bool {
	switch t {
	case core.Checking, core.Savings, core.PrepaidPayment, core.CreditCard:
		return true
	}
	return false
}
