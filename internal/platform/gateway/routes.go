package gateway

import "strings"

// routes lists every Open Banking Brasil operation the gateway serves, by spec and operationId,
// with the scope and the consent permission each needs. The o3-api-uri sent to the bank is the
// path written here.
func (g *gateway) routes() {
	ops := []*operation{
		// Consents (fase2/swagger_consents_apis.yaml), client_credentials.
		{id: "consentsPostConsents", method: "POST", path: "/open-banking/consents/v1/consents", scope: "consents", handle: g.createConsent},
		{id: "consentsGetConsentsConsentId", method: "GET", path: "/open-banking/consents/v1/consents/{consentId}", scope: "consents", handle: g.getConsent},
		{id: "consentsDeleteConsentsConsentId", method: "DELETE", path: "/open-banking/consents/v1/consents/{consentId}", scope: "consents", handle: g.deleteConsent},

		// Resources (fase2/swagger_resources_apis.yaml).
		{id: "resourcesGetResources", method: "GET", path: "/open-banking/resources/v1/resources", scope: "resources", consent: dataConsent, permission: permResourcesRead, handle: g.getResources},

		// Accounts (fase2/swagger_accounts_apis.yaml).
		{id: "getAccounts", method: "GET", path: "/open-banking/accounts/v1/accounts", scope: "accounts", consent: dataConsent, permission: permAccountsRead, handle: g.getAccounts},
		{id: "getAccountsAccountId", method: "GET", path: "/open-banking/accounts/v1/accounts/{accountId}", scope: "accounts", consent: dataConsent, permission: permAccountsRead, handle: g.getAccount},
		{id: "getAccountsAccountIdBalances", method: "GET", path: "/open-banking/accounts/v1/accounts/{accountId}/balances", scope: "accounts", consent: dataConsent, permission: permAccountsBalancesRead, handle: g.getAccountBalances},
		{id: "getAccountsAccountIdTransactions", method: "GET", path: "/open-banking/accounts/v1/accounts/{accountId}/transactions", scope: "accounts", consent: dataConsent, permission: permAccountsTransactionsRead, handle: g.getAccountTransactions},
		{id: "getAccountsAccountIdOverdraftLimits", method: "GET", path: "/open-banking/accounts/v1/accounts/{accountId}/overdraft-limits", scope: "accounts", consent: dataConsent, permission: permAccountsOverdraftLimitsRead, handle: g.getAccountOverdraftLimits},

		// Payments (fase3/swagger_payments_apis.yaml).
		{id: "paymentsPostConsents", method: "POST", path: "/open-banking/payments/v1/consents", scope: "payments", handle: g.createPaymentConsent},
		{id: "paymentsGetConsentsConsentId", method: "GET", path: "/open-banking/payments/v1/consents/{consentId}", scope: "payments", handle: g.getPaymentConsent},
		{id: "paymentsPostPixPayments", method: "POST", path: "/open-banking/payments/v1/pix/payments", scope: "payments", consent: paymentConsent, handle: g.createPixPayment},
		{id: "paymentsGetPixPaymentsPaymentId", method: "GET", path: "/open-banking/payments/v1/pix/payments/{paymentId}", scope: "payments", handle: g.getPixPayment},
	}
	ops = append(ops, g.creditCardOperations()...)
	ops = append(ops, g.customerOperations()...)
	ops = append(ops, g.creditOperations()...)

	allow := map[string][]string{}
	var paths []string
	for _, op := range ops {
		g.mux.Handle(op.method+" "+op.path, g.serve(op))
		if allow[op.path] == nil {
			paths = append(paths, op.path)
		}
		allow[op.path] = append(allow[op.path], op.method)
	}
	for _, p := range paths {
		g.mux.Handle(p, g.methodNotAllowed(strings.Join(allow[p], ", ")))
	}
	g.mux.HandleFunc("/", g.noRoute)
}

// creditCardOperations are the credit-cards-accounts operations
// (fase2/swagger_credit_cards_apis.yaml), mapped from the bank's card accounts (cards.go).
func (g *gateway) creditCardOperations() []*operation {
	const base = "/open-banking/credit-cards-accounts/v1/accounts"
	const scope = "credit-cards-accounts"
	return []*operation{
		{id: "creditCardsGetAccounts", method: "GET", path: base, scope: scope, consent: dataConsent, permission: permCardsRead, handle: g.getCards},
		{id: "creditCardsGetAccountsCreditCardAccountId", method: "GET", path: base + "/{creditCardAccountId}", scope: scope, consent: dataConsent, permission: permCardsRead, handle: g.getCard},
		{id: "creditCardsGetAccountsCreditCardAccountIdLimits", method: "GET", path: base + "/{creditCardAccountId}/limits", scope: scope, consent: dataConsent, permission: permCardsLimitsRead, handle: g.getCardLimits},
		{id: "creditCardsGetAccountsCreditCardAccountIdTransactions", method: "GET", path: base + "/{creditCardAccountId}/transactions", scope: scope, consent: dataConsent, permission: permCardsTransactionsRead, handle: g.getCardTransactions},
		{id: "creditCardsGetAccountsCreditCardAccountIdBills", method: "GET", path: base + "/{creditCardAccountId}/bills", scope: scope, consent: dataConsent, permission: permCardsBillsRead, handle: g.getCardBills},
		{id: "creditCardsGetAccountsCreditCardAccountIdBillsBillIdTransactions", method: "GET", path: base + "/{creditCardAccountId}/bills/{billId}/transactions", scope: scope, consent: dataConsent, permission: permCardsBillsTransactionsRead, handle: g.getCardBillTransactions},
	}
}

// customerOperations are the customers operations (fase2/swagger_customers_apis.yaml).
func (g *gateway) customerOperations() []*operation {
	const base = "/open-banking/customers/v1"
	const scope = "customers"
	return []*operation{
		{id: "getCustomersPersonalIdentifications", method: "GET", path: base + "/personal/identifications", scope: scope, consent: dataConsent, permission: permPersonalIdentificationsRead, handle: g.getPersonalIdentifications},
		{id: "getCustomersPersonalQualifications", method: "GET", path: base + "/personal/qualifications", scope: scope, consent: dataConsent, permission: permPersonalAdditionalInfoRead, handle: g.getPersonalQualifications},
		{id: "getCustomersPersonalRelationships", method: "GET", path: base + "/personal/financial-relations", scope: scope, consent: dataConsent, permission: permPersonalAdditionalInfoRead, handle: g.getPersonalRelations},
		{id: "getCustomersBusinessIdentifications", method: "GET", path: base + "/business/identifications", scope: scope, consent: dataConsent, permission: permBusinessIdentificationsRead, handle: g.getBusinessIdentifications},
		{id: "getCustomersBusinessQualifications", method: "GET", path: base + "/business/qualifications", scope: scope, consent: dataConsent, permission: permBusinessAdditionalInfoRead, handle: g.getBusinessQualifications},
		{id: "getCustomersBusinessRelationships", method: "GET", path: base + "/business/financial-relations", scope: scope, consent: dataConsent, permission: permBusinessAdditionalInfoRead, handle: g.getBusinessRelations},
	}
}

// creditOperations are the five operations of each credit family (fase2/swagger_loans_apis.yaml,
// swagger_financings_apis.yaml, swagger_invoice_financings_apis.yaml,
// swagger_unarranged_accounts_overdraft_apis.yaml): /open-banking/<family>/v1/contracts,
// …/{contractId}, …/warranties, …/scheduled-instalments, …/payments.
func (g *gateway) creditOperations() []*operation {
	var ops []*operation
	for _, f := range creditFamilies {
		base := "/open-banking/" + f.api + "/v1/contracts"
		ops = append(ops,
			&operation{id: f.api + "GetContracts", method: "GET", path: base, scope: f.api, consent: dataConsent, permission: f.permPrefix + suffixRead, handle: g.getContracts(f)},
			&operation{id: f.api + "GetContractsContractId", method: "GET", path: base + "/{contractId}", scope: f.api, consent: dataConsent, permission: f.permPrefix + suffixRead, handle: g.getContract(f)},
			&operation{id: f.api + "GetContractsContractIdWarranties", method: "GET", path: base + "/{contractId}/warranties", scope: f.api, consent: dataConsent, permission: f.permPrefix + suffixWarrantiesRead, handle: g.getWarranties(f)},
			&operation{id: f.api + "GetContractsContractIdScheduledInstalments", method: "GET", path: base + "/{contractId}/scheduled-instalments", scope: f.api, consent: dataConsent, permission: f.permPrefix + suffixScheduledInstalmentsRead, handle: g.getInstalments(f)},
			&operation{id: f.api + "GetContractsContractIdPayments", method: "GET", path: base + "/{contractId}/payments", scope: f.api, consent: dataConsent, permission: f.permPrefix + suffixPaymentsRead, handle: g.getContractPayments(f)},
		)
	}
	return ops
}
