package gateway

import (
	"encoding/json"
	"slices"

	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

// Permissions of the data-sharing consents API (swagger_consents_apis.yaml, CreateConsent.data.
// permissions), in the spec's order.
const (
	permAccountsRead                = "ACCOUNTS_READ"
	permAccountsBalancesRead        = "ACCOUNTS_BALANCES_READ"
	permAccountsTransactionsRead    = "ACCOUNTS_TRANSACTIONS_READ"
	permAccountsOverdraftLimitsRead = "ACCOUNTS_OVERDRAFT_LIMITS_READ"
	permCardsRead                   = "CREDIT_CARDS_ACCOUNTS_READ"
	permCardsBillsRead              = "CREDIT_CARDS_ACCOUNTS_BILLS_READ"
	permCardsBillsTransactionsRead  = "CREDIT_CARDS_ACCOUNTS_BILLS_TRANSACTIONS_READ"
	permCardsLimitsRead             = "CREDIT_CARDS_ACCOUNTS_LIMITS_READ"
	permCardsTransactionsRead       = "CREDIT_CARDS_ACCOUNTS_TRANSACTIONS_READ"
	permPersonalIdentificationsRead = "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ"
	permPersonalAdditionalInfoRead  = "CUSTOMERS_PERSONAL_ADITTIONALINFO_READ"
	permBusinessIdentificationsRead = "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ"
	permBusinessAdditionalInfoRead  = "CUSTOMERS_BUSINESS_ADITTIONALINFO_READ"
	permResourcesRead               = "RESOURCES_READ"
	suffixRead                      = "_READ"
	suffixScheduledInstalmentsRead  = "_SCHEDULED_INSTALMENTS_READ"
	suffixPaymentsRead              = "_PAYMENTS_READ"
	suffixWarrantiesRead            = "_WARRANTIES_READ"
)

// creditPermissionPrefixes are the credit-operation families' permission prefixes.
var creditPermissionPrefixes = []string{"FINANCINGS", "INVOICE_FINANCINGS", "LOANS", "UNARRANGED_ACCOUNTS_OVERDRAFT"}

// allPermissions is the spec's enum.
var allPermissions = func() []string {
	ps := []string{
		permAccountsRead, permAccountsBalancesRead, permAccountsTransactionsRead, permAccountsOverdraftLimitsRead,
		permCardsRead, permCardsBillsRead, permCardsBillsTransactionsRead, permCardsLimitsRead, permCardsTransactionsRead,
		permPersonalIdentificationsRead, permPersonalAdditionalInfoRead, permBusinessIdentificationsRead, permBusinessAdditionalInfoRead,
	}
	for _, p := range creditPermissionPrefixes {
		ps = append(ps, p+suffixRead, p+suffixScheduledInstalmentsRead, p+suffixPaymentsRead, p+suffixWarrantiesRead)
	}
	return append(ps, permResourcesRead)
}()

// permissionGroups are the data groups of the Open Banking Brasil permission table ("agrupamentos"
// the consents spec tells the TPP to send whole): a consent's permissions must be a union of
// complete groups, each of which includes RESOURCES_READ. The credit operations form one group per
// family here (the table joins them into one "Operações de crédito" group, which is a union of these).
var permissionGroups = func() [][]string {
	gs := [][]string{
		{permPersonalIdentificationsRead, permResourcesRead},
		{permPersonalAdditionalInfoRead, permResourcesRead},
		{permBusinessIdentificationsRead, permResourcesRead},
		{permBusinessAdditionalInfoRead, permResourcesRead},
		{permAccountsRead, permAccountsBalancesRead, permResourcesRead},
		{permAccountsRead, permAccountsOverdraftLimitsRead, permResourcesRead},
		{permAccountsRead, permAccountsTransactionsRead, permResourcesRead},
		{permCardsRead, permCardsLimitsRead, permResourcesRead},
		{permCardsRead, permCardsTransactionsRead, permResourcesRead},
		{permCardsRead, permCardsBillsRead, permCardsBillsTransactionsRead, permResourcesRead},
	}
	for _, p := range creditPermissionPrefixes {
		gs = append(gs, []string{p + suffixRead, p + suffixWarrantiesRead, p + suffixScheduledInstalmentsRead, p + suffixPaymentsRead, permResourcesRead})
	}
	return gs
}()

// checkPermissions validates a consent request's permissions: known, not repeated, and every one
// inside a complete group of the request.
func checkPermissions(ps []string) error {
	if len(ps) == 0 || len(ps) > len(allPermissions) {
		return badRequest(codeInvalidPermission, "permissions must list 1 to %d permissions", len(allPermissions))
	}
	seen := map[string]bool{}
	for _, p := range ps {
		if !slices.Contains(allPermissions, p) {
			return badRequest(codeInvalidPermission, "permission %q is not one of the consents API", clip(p, 80))
		}
		if seen[p] {
			return badRequest(codeInvalidPermission, "permission %s is listed twice", p)
		}
		seen[p] = true
	}
	covered := map[string]bool{}
	for _, g := range permissionGroups {
		if !slices.ContainsFunc(g, func(p string) bool { return !seen[p] }) {
			for _, p := range g {
				covered[p] = true
			}
		}
	}
	for _, p := range ps {
		if !covered[p] {
			return badRequest(codeInvalidPermission, "permission %s is not part of a complete permission group; send every permission of its group, with %s", p, permResourcesRead)
		}
	}
	return nil
}

// permissionsOf reads the permissions of a stored data consent (the TPP's request data).
func permissionsOf(c consents.Consent) []string {
	var ps []string
	if raw, ok := c.Data["permissions"]; ok && json.Unmarshal(raw, &ps) == nil {
		return ps
	}
	return nil
}

// hasPermission reports whether the consent grants p.
func hasPermission(c consents.Consent, p string) bool {
	return slices.Contains(permissionsOf(c), p)
}
