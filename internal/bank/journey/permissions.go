package journey

import "github.com/ifconnect/ifconnect/internal/bank/core"

// The customer sees what a consent shares as data groups in plain language, the way the Open
// Banking Brasil customer-experience guide groups the permissions of the consents API
// (fase2/swagger_consents_apis.yaml, "agrupamentos"): Cadastro, Contas, Cartão de crédito and
// Operações de crédito, each with its groups. The OBIE permission names the TecBan platform also
// carries (ReadAccountsBasic …) map onto the same groups.

// dataGroup is one group of data a consent shares. Its fields are message IDs (messages.go): the
// page shows them in its language.
type dataGroup struct {
	Category    string
	Name        string
	Description string
}

// The categories' message IDs.
const (
	catRegistration = "cat.registration"
	catAccounts     = "cat.accounts"
	catCards        = "cat.cards"
	catCredit       = "cat.credit"
)

// The groups in the order the pages list them.
var (
	grpRegistration = dataGroup{catRegistration, "grp.registration", "grp.registration.desc"}
	grpComplement   = dataGroup{catRegistration, "grp.complement", "grp.complement.desc"}
	grpAccounts     = dataGroup{catAccounts, "grp.accounts", "grp.accounts.desc"}
	grpBalances     = dataGroup{catAccounts, "grp.balances", "grp.balances.desc"}
	grpLimits       = dataGroup{catAccounts, "grp.limits", "grp.limits.desc"}
	grpStatements   = dataGroup{catAccounts, "grp.statements", "grp.statements.desc"}
	grpBeneficiary  = dataGroup{catAccounts, "grp.beneficiaries", "grp.beneficiaries.desc"}
	grpDebits       = dataGroup{catAccounts, "grp.debits", "grp.debits.desc"}
	grpProducts     = dataGroup{catAccounts, "grp.products", "grp.products.desc"}
	grpCards        = dataGroup{catCards, "grp.cards", "grp.cards.desc"}
	grpCardLimits   = dataGroup{catCards, "grp.card_limits", "grp.card_limits.desc"}
	grpCardTx       = dataGroup{catCards, "grp.card_transactions", "grp.card_transactions.desc"}
	grpCardBills    = dataGroup{catCards, "grp.card_bills", "grp.card_bills.desc"}
	grpContracts    = dataGroup{catCredit, "grp.contracts", "grp.contracts.desc"}
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

// contractKindNames are the message IDs of the credit operations' names on the pages.
var contractKindNames = map[core.ContractKind]string{
	core.Loan:                "contract.loan",
	core.Financing:           "contract.financing",
	core.InvoiceFinancing:    "contract.invoice_financing",
	core.UnarrangedOverdraft: "contract.overdraft",
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
		case catAccounts:
			sc.Accounts = true
		case catCards:
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
