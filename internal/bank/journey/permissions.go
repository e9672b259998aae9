package journey

import "github.com/ifconnect/ifconnect/internal/bank/core"

// The customer sees what a consent shares as data groups in plain Portuguese, the way the Open
// Banking Brasil customer-experience guide groups the permissions of the consents API
// (fase2/swagger_consents_apis.yaml, "agrupamentos"): Cadastro, Contas, Cartão de crédito and
// Operações de crédito, each with its groups. The OBIE permission names the TecBan platform also
// carries (ReadAccountsBasic …) map onto the same groups.

// dataGroup is one group of data a consent shares.
type dataGroup struct {
	Category    string
	Name        string
	Description string
}

// The groups in the order the pages list them.
var (
	grpRegistration = dataGroup{"Cadastro", "Dados cadastrais", "Nome, documento, endereço e contatos de quem é o titular."}
	grpComplement   = dataGroup{"Cadastro", "Informações complementares", "Renda, patrimônio, profissão e relacionamento com o banco."}
	grpAccounts     = dataGroup{"Contas", "Dados das contas", "Tipo, agência e número das contas escolhidas."}
	grpBalances     = dataGroup{"Contas", "Saldos", "Saldo disponível, bloqueado e aplicado automaticamente."}
	grpLimits       = dataGroup{"Contas", "Limites", "Limite do cheque especial: contratado, utilizado e disponível."}
	grpStatements   = dataGroup{"Contas", "Extratos", "Lançamentos de entrada e saída das contas no período."}
	grpBeneficiary  = dataGroup{"Contas", "Favorecidos", "Pessoas e contas para as quais você transfere."}
	grpDebits       = dataGroup{"Contas", "Débitos automáticos e agendamentos", "Débitos automáticos, transferências programadas e pagamentos agendados."}
	grpProducts     = dataGroup{"Contas", "Produtos e ofertas", "Produtos contratados e ofertas disponíveis nas contas."}
	grpCards        = dataGroup{"Cartão de crédito", "Dados do cartão", "Bandeira, final e produto dos cartões escolhidos."}
	grpCardLimits   = dataGroup{"Cartão de crédito", "Limites", "Limite total, utilizado e disponível dos cartões."}
	grpCardTx       = dataGroup{"Cartão de crédito", "Transações", "Compras e lançamentos dos cartões."}
	grpCardBills    = dataGroup{"Cartão de crédito", "Faturas", "Faturas, vencimentos, pagamentos e seus lançamentos."}
	grpContracts    = dataGroup{"Operações de crédito", "Dados do contrato", "Empréstimos, financiamentos, antecipação de recebíveis e adiantamento a depositante: contrato, parcelas, pagamentos e garantias."}
)

var groupOrder = []dataGroup{
	grpRegistration, grpComplement, grpAccounts, grpBalances, grpLimits, grpStatements, grpBeneficiary,
	grpDebits, grpProducts, grpCards, grpCardLimits, grpCardTx, grpCardBills, grpContracts,
}

// permissionGroups maps each permission to its group.
var permissionGroups = map[string]dataGroup{
	"CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ":       grpRegistration,
	"CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ":       grpRegistration,
	"CUSTOMERS_PERSONAL_ADITTIONALINFO_READ":        grpComplement,
	"CUSTOMERS_BUSINESS_ADITTIONALINFO_READ":        grpComplement,
	"ACCOUNTS_READ":                                 grpAccounts,
	"ACCOUNTS_BALANCES_READ":                        grpBalances,
	"ACCOUNTS_OVERDRAFT_LIMITS_READ":                grpLimits,
	"ACCOUNTS_TRANSACTIONS_READ":                    grpStatements,
	"CREDIT_CARDS_ACCOUNTS_READ":                    grpCards,
	"CREDIT_CARDS_ACCOUNTS_LIMITS_READ":             grpCardLimits,
	"CREDIT_CARDS_ACCOUNTS_TRANSACTIONS_READ":       grpCardTx,
	"CREDIT_CARDS_ACCOUNTS_BILLS_READ":              grpCardBills,
	"CREDIT_CARDS_ACCOUNTS_BILLS_TRANSACTIONS_READ": grpCardBills,
	"LOANS_READ":                                               grpContracts,
	"LOANS_SCHEDULED_INSTALMENTS_READ":                         grpContracts,
	"LOANS_PAYMENTS_READ":                                      grpContracts,
	"LOANS_WARRANTIES_READ":                                    grpContracts,
	"FINANCINGS_READ":                                          grpContracts,
	"FINANCINGS_SCHEDULED_INSTALMENTS_READ":                    grpContracts,
	"FINANCINGS_PAYMENTS_READ":                                 grpContracts,
	"FINANCINGS_WARRANTIES_READ":                               grpContracts,
	"INVOICE_FINANCINGS_READ":                                  grpContracts,
	"INVOICE_FINANCINGS_SCHEDULED_INSTALMENTS_READ":            grpContracts,
	"INVOICE_FINANCINGS_PAYMENTS_READ":                         grpContracts,
	"INVOICE_FINANCINGS_WARRANTIES_READ":                       grpContracts,
	"UNARRANGED_ACCOUNTS_OVERDRAFT_READ":                       grpContracts,
	"UNARRANGED_ACCOUNTS_OVERDRAFT_SCHEDULED_INSTALMENTS_READ": grpContracts,
	"UNARRANGED_ACCOUNTS_OVERDRAFT_PAYMENTS_READ":              grpContracts,
	"UNARRANGED_ACCOUNTS_OVERDRAFT_WARRANTIES_READ":            grpContracts,
	// OBIE permissions (account-access-consents as the platform's own examples carry them).
	"ReadAccountsBasic":           grpAccounts,
	"ReadAccountsDetail":          grpAccounts,
	"ReadBalances":                grpBalances,
	"ReadTransactionsBasic":       grpStatements,
	"ReadTransactionsDetail":      grpStatements,
	"ReadTransactionsCredits":     grpStatements,
	"ReadTransactionsDebits":      grpStatements,
	"ReadStatementsBasic":         grpStatements,
	"ReadStatementsDetail":        grpStatements,
	"ReadBeneficiariesBasic":      grpBeneficiary,
	"ReadBeneficiariesDetail":     grpBeneficiary,
	"ReadDirectDebits":            grpDebits,
	"ReadStandingOrdersBasic":     grpDebits,
	"ReadStandingOrdersDetail":    grpDebits,
	"ReadScheduledPaymentsBasic":  grpDebits,
	"ReadScheduledPaymentsDetail": grpDebits,
	"ReadProducts":                grpProducts,
	"ReadOffers":                  grpProducts,
	"ReadParty":                   grpRegistration,
	"ReadPartyPSU":                grpRegistration,
	"ReadPAN":                     grpAccounts,
}

// contractPermissions tells which credit operations a permission gives access to.
var contractPermissions = map[string]core.ContractKind{
	"LOANS_READ": core.Loan, "LOANS_SCHEDULED_INSTALMENTS_READ": core.Loan, "LOANS_PAYMENTS_READ": core.Loan, "LOANS_WARRANTIES_READ": core.Loan,
	"FINANCINGS_READ": core.Financing, "FINANCINGS_SCHEDULED_INSTALMENTS_READ": core.Financing, "FINANCINGS_PAYMENTS_READ": core.Financing, "FINANCINGS_WARRANTIES_READ": core.Financing,
	"INVOICE_FINANCINGS_READ": core.InvoiceFinancing, "INVOICE_FINANCINGS_SCHEDULED_INSTALMENTS_READ": core.InvoiceFinancing,
	"INVOICE_FINANCINGS_PAYMENTS_READ": core.InvoiceFinancing, "INVOICE_FINANCINGS_WARRANTIES_READ": core.InvoiceFinancing,
	"UNARRANGED_ACCOUNTS_OVERDRAFT_READ": core.UnarrangedOverdraft, "UNARRANGED_ACCOUNTS_OVERDRAFT_SCHEDULED_INSTALMENTS_READ": core.UnarrangedOverdraft,
	"UNARRANGED_ACCOUNTS_OVERDRAFT_PAYMENTS_READ": core.UnarrangedOverdraft, "UNARRANGED_ACCOUNTS_OVERDRAFT_WARRANTIES_READ": core.UnarrangedOverdraft,
}

// contractKindNames are the credit operations' names on the pages.
var contractKindNames = map[core.ContractKind]string{
	core.Loan:                "Empréstimo",
	core.Financing:           "Financiamento",
	core.InvoiceFinancing:    "Antecipação de recebíveis",
	core.UnarrangedOverdraft: "Adiantamento a depositante",
}

// categoryGroups is one category with its groups, for the page.
type categoryGroups struct {
	Category string
	Groups   []dataGroup
}

// scope is what a list of permissions asks for: the groups to show and which resources the customer
// chooses among.
type scope struct {
	Categories    []categoryGroups
	Accounts      bool
	Cards         bool
	ContractKinds []core.ContractKind
	Unknown       []string
}

// scopeOf groups permissions. The bare "data of the accounts/cards" groups are folded into their
// category when a more specific group of it is present, as the guide lists them.
func scopeOf(perms []string) scope {
	var sc scope
	have := map[dataGroup]bool{}
	kinds := map[core.ContractKind]bool{}
	for _, p := range perms {
		if p == "RESOURCES_READ" {
			continue
		}
		g, ok := permissionGroups[p]
		if !ok {
			sc.Unknown = append(sc.Unknown, p)
			continue
		}
		have[g] = true
		switch g.Category {
		case "Contas":
			sc.Accounts = true
		case "Cartão de crédito":
			sc.Cards = true
		}
		if k, ok := contractPermissions[p]; ok {
			kinds[k] = true
		}
	}
	if have[grpBalances] || have[grpLimits] || have[grpStatements] {
		delete(have, grpAccounts)
	}
	if have[grpCardLimits] || have[grpCardTx] || have[grpCardBills] {
		delete(have, grpCards)
	}
	for _, g := range groupOrder {
		if !have[g] {
			continue
		}
		n := len(sc.Categories)
		if n == 0 || sc.Categories[n-1].Category != g.Category {
			sc.Categories = append(sc.Categories, categoryGroups{Category: g.Category})
			n++
		}
		sc.Categories[n-1].Groups = append(sc.Categories[n-1].Groups, g)
	}
	for _, k := range []core.ContractKind{core.Loan, core.Financing, core.InvoiceFinancing, core.UnarrangedOverdraft} {
		if kinds[k] {
			sc.ContractKinds = append(sc.ContractKinds, k)
		}
	}
	return sc
}
