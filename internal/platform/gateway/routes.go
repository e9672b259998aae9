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
	g.ops = ops
}
