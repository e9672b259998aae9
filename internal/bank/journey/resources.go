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

var accountTypeNames = map[core.AccountType]string{
	core.Checking:       "Conta corrente",
	core.Savings:        "Conta poupança",
	core.PrepaidPayment: "Conta de pagamento",
	core.CreditCard:     "Cartão de crédito",
}

func accountChoice(a core.Account) choice {
	if a.Type == core.CreditCard {
		label := "Cartão de crédito"
		if a.Card != nil {
			label = fmt.Sprintf("Cartão %s final %s", a.Card.Network, a.Card.Last4)
		}
		sub := a.ProductName
		if a.Card != nil && a.Card.CreditLimit > 0 {
			sub += " · limite " + fmtMoney(a.Card.CreditLimit, a.Currency)
		}
		return choice{ID: a.ID, Label: label, Sub: sub, MultiAuth: a.MultiAuth}
	}
	num := a.Number
	if a.CheckDigit != "" {
		num += "-" + a.CheckDigit
	}
	return choice{ID: a.ID, Label: fmt.Sprintf("%s · Ag. %s · Conta %s", accountTypeNames[a.Type], a.BranchCode, num),
		Sub: a.ProductName, MultiAuth: a.MultiAuth}
}

func contractChoice(c core.Contract) choice {
	return choice{ID: c.ID, Label: fmt.Sprintf("%s nº %s", contractKindNames[c.Kind], c.ContractNumber),
		Sub: fmt.Sprintf("%s · contratado em %s", c.ProductName, fmtDate(c.ContractDate))}
}

// resourceChoices lists what the customer may choose for the consent: deposit accounts, cards and
// credit contracts of the acting customer, as the permissions ask. For a payment only deposit
// accounts can be debited, and only the one the TPP named when it named one.
func (s *Server) resourceChoices(ctx context.Context, customerID string, info consentInfo) (accounts, cards, contracts []choice, err error) {
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
				cards = append(cards, accountChoice(a))
			}
		case info.Payment != nil:
			if d := info.Payment.DebtorAccount; d != "" && d != a.Number && d != a.Number+a.CheckDigit {
				continue
			}
			accounts = append(accounts, accountChoice(a))
		case info.Scope.Accounts:
			accounts = append(accounts, accountChoice(a))
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
				contracts = append(contracts, contractChoice(c))
			}
		}
	}
	return accounts, cards, contracts, nil
}

// describeResources names the accounts and contracts of a consent's accountIds for its details page.
func (s *Server) describeResources(ctx context.Context, ids []string) []choice {
	if len(ids) == 0 {
		return nil
	}
	accts, err := s.accts.Accounts(ctx, ids)
	if err != nil {
		s.log.Warn("journey: describe accounts", "err", err)
	}
	var out []choice
	for _, a := range accts {
		out = append(out, accountChoice(a))
	}
	for _, id := range ids {
		if slices.ContainsFunc(out, func(c choice) bool { return c.ID == id }) {
			continue
		}
		if c, err := s.ctrs.Contract(ctx, id); err == nil {
			out = append(out, contractChoice(c))
		} else {
			out = append(out, choice{ID: id, Label: "Recurso " + id, Sub: "não encontrado no cadastro atual"})
		}
	}
	return out
}
