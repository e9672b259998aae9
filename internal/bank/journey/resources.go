package journey

import (
	"context"
	"fmt"
	"slices"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// choice is one account, card or contract the customer may pick.
type choice struct {
	ID        string
	Label     string
	Sub       string
	Checked   bool
	MultiAuth bool
}

// accountTypeNames are the message IDs of the account types' names.
var accountTypeNames = map[core.AccountType]string{
	core.Checking:       "account.checking",
	core.Savings:        "account.savings",
	core.PrepaidPayment: "account.prepaid",
	core.CreditCard:     "account.card",
}

// accountChoice is an account or card as the customer reads it, in l.
func accountChoice(l lang, a core.Account) choice {
	if a.Type == core.CreditCard {
		label := l.T("account.card")
		if a.Card != nil {
			label = l.T("account.card.label", a.Card.Network, a.Card.Last4)
		}
		sub := a.ProductName
		if a.Card != nil && a.Card.CreditLimit > 0 {
			sub += l.T("account.card.limit", l.money(a.Card.CreditLimit, a.Currency))
		}
		return choice{ID: a.ID, Label: label, Sub: sub, MultiAuth: a.MultiAuth}
	}
	num := a.Number
	if a.CheckDigit != "" {
		num += "-" + a.CheckDigit
	}
	typ := ""
	if id, ok := accountTypeNames[a.Type]; ok {
		typ = l.T(id)
	}
	return choice{ID: a.ID, Label: l.T("account.label", typ, a.BranchCode, num), Sub: a.ProductName, MultiAuth: a.MultiAuth}
}

// contractChoice is a credit contract as the customer reads it, in l.
func contractChoice(l lang, c core.Contract) choice {
	kind := ""
	if id, ok := contractKindNames[c.Kind]; ok {
		kind = l.T(id)
	}
	return choice{ID: c.ID, Label: l.T("contract.label", kind, c.ContractNumber),
		Sub: l.T("contract.sub", c.ProductName, l.date(c.ContractDate))}
}

// resourceChoices lists what the customer may choose for the consent: deposit accounts, cards and
// credit contracts of the acting customer, as the permissions ask. For a payment only deposit
// accounts can be debited, and only the one the TPP named when it named one.
func (s *Server) resourceChoices(ctx context.Context, l lang, customerID string, info consentInfo) (accounts, cards, contracts []choice, err error) {
	all, err := s.accts.AccountsOfCustomers(ctx, []string{customerID})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("accounts of customer: %w", err)
	}
	for _, a := range all {
		if a.Status != "" && a.Status != core.AccountEnabled {
			continue
		}
		switch {
		case a.Type == core.CreditCard:
			if info.Payment == nil && info.Scope.Cards {
				cards = append(cards, accountChoice(l, a))
			}
		case info.Payment != nil:
			if d := info.Payment.DebtorAccount; d != "" && d != a.Number && d != a.Number+a.CheckDigit {
				continue
			}
			accounts = append(accounts, accountChoice(l, a))
		case info.Scope.Accounts:
			accounts = append(accounts, accountChoice(l, a))
		}
	}
	if info.Payment != nil && len(accounts) == 1 {
		accounts[0].Checked = true
	}
	if info.Payment == nil {
		for _, k := range info.Scope.ContractKinds {
			cs, err := s.ctrs.ContractsOfCustomers(ctx, []string{customerID}, k)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("contracts of customer: %w", err)
			}
			for _, c := range cs {
				contracts = append(contracts, contractChoice(l, c))
			}
		}
	}
	return accounts, cards, contracts, nil
}

// describeResources names the accounts and contracts of a consent's accountIds for its details page.
func (s *Server) describeResources(ctx context.Context, l lang, ids []string) []choice {
	if len(ids) == 0 {
		return nil
	}
	accts, err := s.accts.Accounts(ctx, ids)
	if err != nil {
		s.log.Warn("journey: describe accounts", "err", err)
	}
	var out []choice
	for _, a := range accts {
		out = append(out, accountChoice(l, a))
	}
	for _, id := range ids {
		if slices.ContainsFunc(out, func(c choice) bool { return c.ID == id }) {
			continue
		}
		if c, err := s.ctrs.Contract(ctx, id); err == nil {
			out = append(out, contractChoice(l, c))
		} else {
			out = append(out, choice{ID: id, Label: l.T("resource.unknown", id), Sub: l.T("resource.unknown.sub")})
		}
	}
	return out
}
