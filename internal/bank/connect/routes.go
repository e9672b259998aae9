package connect

import "net/http"

// routes lists every Bank Connect operation the bank serves, with the contract test cases each
// satisfies (tecban/openapi/obie-api-spec-ais.yaml). Every operation also satisfies the header test
// cases of its family: o3-aspsp-id missing or unexpected → 400, o3-api-uri / o3-api-operation /
// o3-ozone-interaction-id missing → 400, bad bearer token → 401; they are listed per route.
// The PIS operations are added below the AIS ones, one line each.
func (s *server) routes() {
	m := s.mux

	// Accounts.
	// ACC-010-010 ACC-010-030 ACC-010-040 | 400: ACC-010-020 ACC-010-050 ACC-010-060 ACC-010-070 ACC-010-080 ACC-010-090 | 401: ACC-010-100
	m.Handle("GET /accounts", s.op(psuRequired, s.getAccounts))
	// ACC-020-010 | 400: ACC-020-020 ACC-020-030 ACC-020-040 ACC-020-050 ACC-020-060 ACC-020-070 ACC-020-080 | 401: ACC-020-090
	m.Handle("GET /accounts/{accountId}", s.op(psuRequired, s.getAccount))

	// Balances.
	// BAL-010-010 BAL-010-030 BAL-010-040 BAL-010-110 BAL-010-120 | 400: BAL-010-020 BAL-010-050 BAL-010-060 BAL-010-130 BAL-010-070 BAL-010-080 BAL-010-090 | 401: BAL-010-100
	m.Handle("GET /balances", s.op(psuRequired, s.getBalances))
	// BAL-020-010 BAL-020-100 | 400: BAL-020-020 BAL-020-030 BAL-010-120 BAL-020-040 BAL-020-050 BAL-020-060 BAL-020-070 BAL-020-080 | 401: BAL-020-090
	m.Handle("GET /accounts/{accountId}/balances", s.op(psuRequired, s.getAccountBalances))

	// Transactions (paginated: PaginatedMeta).
	// TXN-020-010 TXN-020-011 TXN-020-012 TXN-020-013 TXN-020-020 | 400: TXN-020-090 TXN-020-030 TXN-020-070 TXN-020-080 TXN-020-040 TXN-020-050 TXN-020-060 | 401: TXN-010-100
	m.Handle("GET /transactions", s.op(psuOrAccountIDs, s.getTransactions))
	// TXN-010-010 TXN-010-011 TXN-010-012 TXN-010-013 TXN-010-020 | 400: TXN-010-030 TXN-010-060 TXN-010-080 TXN-010-040 TXN-010-050 | 401: TXN-010-100
	m.Handle("GET /accounts/{accountId}/transactions", s.op(psuRequired, s.getAccountTransactions))

	// Direct debits.
	// DBT-010-010 DBT-010-020 DBT-010-030 DBT-010-040 | 400: DBT-010-050 DBT-010-060 DBT-010-070 DBT-010-080 DBT-010-090 | 401: DBT-010-100
	m.Handle("GET /direct-debits", s.op(psuOrAccountIDs, s.getDirectDebits))
	// DBT-020-010 | 400: DBT-020-020 DBT-020-030 DBT-020-040 DBT-020-050 DBT-020-060 DBT-020-070 DBT-020-080 | 401: DBT-020-090
	m.Handle("GET /accounts/{accountId}/direct-debits", s.op(psuRequired, s.getAccountDirectDebits))

	// Scheduled payments.
	// FDP-010-010 FDP-010-020 FDP-010-030 FDP-010-040 | 400: FDP-010-050 FDP-010-060 FDP-010-070 FDP-010-080 FDP-010-090 | 401: FDP-010-100
	m.Handle("GET /scheduled-payments", s.op(psuOrAccountIDs, s.getScheduledPayments))
	// FDP-020-010 | 400: FDP-020-020 FDP-020-030 FDP-020-040 FDP-020-050 FDP-020-060 FDP-020-070 FDP-020-080 | 401: FDP-020-090
	m.Handle("GET /accounts/{accountId}/scheduled-payments", s.op(psuRequired, s.getAccountScheduledPayments))

	// Standing orders.
	// STO-010-010 STO-010-020 STO-010-030 STO-010-040 | 400: STO-010-050 STO-010-060 STO-010-070 STO-010-080 STO-010-090 | 401: STO-010-100
	m.Handle("GET /standing-orders", s.op(psuOrAccountIDs, s.getStandingOrders))
	// STO-020-010 | 400: STO-020-020 STO-020-030 STO-020-040 STO-020-050 STO-020-060 STO-020-070 STO-020-080 | 401: STO-020-090
	m.Handle("GET /accounts/{accountId}/standing-orders", s.op(psuRequired, s.getAccountStandingOrders))

	// Customer.
	// CUS-010-010 CUS-010-020 | 400: CUS-010-030 CUS-010-040 CUS-010-050 CUS-010-060 CUS-010-070 | 401: CUS-010-080
	m.Handle("GET /customer", s.op(psuRequired, s.getCustomer))
	// CUS-020-010 CUS-020-020 | 400: CUS-020-030 CUS-020-040 CUS-020-050 CUS-020-060 CUS-020-070 | 401: CUS-020-080
	m.Handle("GET /accounts/{accountId}/customer", s.op(psuRequired, s.getAccountCustomer))

	// Offers.
	// OFF-010-010 OFF-010-020 OFF-010-030 | 400: OFF-010-040 OFF-010-050 OFF-010-060 OFF-010-070 OFF-010-080 | 401: OFF-010-090
	m.Handle("GET /offers", s.op(psuRequired, s.getOffers))
	// OFF-020-010 | 400: OFF-020-020 OFF-020-040 OFF-020-050 OFF-020-060 OFF-020-070 OFF-020-080 | 401: OFF-020-090
	m.Handle("GET /accounts/{accountId}/offers", s.op(psuRequired, s.getAccountOffers))

	// Beneficiaries.
	// BEN-010-010 BEN-010-020 BEN-010-030 BEN-010-040 | 400: BEN-010-080 BEN-010-090 BEN-010-100 BEN-010-110 | 401: BEN-010-120
	m.Handle("GET /beneficiaries", s.op(psuOrAccountIDs, s.getBeneficiaries))
	// BEN-020-010 | 400: BEN-020-020 BEN-020-030 BEN-020-040 BEN-020-050 BEN-020-060 BEN-020-070 BEN-020-080 | 401: BEN-020-090
	m.Handle("GET /accounts/{accountId}/beneficiaries", s.op(psuRequired, s.getAccountBeneficiaries))
	// BEN-030-010 | 400: BEN-030-030 BEN-030-040 BEN-030-060 BEN-030-070 BEN-030-080 | 401: BEN-030-090
	m.Handle("GET /customer/beneficiaries", s.op(psuRequired, s.getCustomerBeneficiaries))

	// Products (not made for a PSU).
	// 400: PRD-010-080 PRD-010-090 PRD-010-100 PRD-010-110 | 401: PRD-010-120
	m.Handle("GET /products", s.op(psuIgnored, s.getProducts))

	// Brazilian credit operations: loans, financings, invoice financings, unarranged overdrafts. The
	// contract names no test cases; they follow the per-account pattern (400 for a contract that does
	// not exist or is not the PSU's, for a missing PSU or bad headers; 401 for a bad token).
	for _, f := range creditFamilies {
		m.Handle("GET /"+f.path, s.op(psuRequired, s.getContracts(f)))
		m.Handle("GET /"+f.path+"/{contractId}", s.op(psuRequired, s.getContract(f)))
		m.Handle("GET /"+f.path+"/{contractId}/warranties", s.op(psuRequired, s.getContractWarranties(f)))
		m.Handle("GET /"+f.path+"/{contractId}/installments", s.op(psuRequired, s.getContractInstalments(f)))
		m.Handle("GET /"+f.path+"/{contractId}/payments", s.op(psuRequired, s.getContractPayments(f)))
	}

	// Brazilian customer data of the PSU's person or company.
	m.Handle("GET /customer/personal/identifications", s.op(psuRequired, s.getPersonalIdentification))
	m.Handle("GET /customer/personal/qualifications", s.op(psuRequired, s.getPersonalQualification))
	m.Handle("GET /customer/personal/financial-relations", s.op(psuRequired, s.getPersonalFinancialRelations))
	m.Handle("GET /customer/business/identifications", s.op(psuRequired, s.getBusinessIdentification))
	m.Handle("GET /customer/business/qualifications", s.op(psuRequired, s.getBusinessQualification))
	m.Handle("GET /customer/business/financial-relations", s.op(psuRequired, s.getBusinessFinancialRelations))

	// Payments (obie-api-spec-pis.yaml, steps 2004 and 6013 of pis-detailed.png; the contract writes
	// :paymentId). 200 valid/invalid, 201 for a payment (also Rejected, also a repeat), 400 otherwise.
	m.Handle("POST /payments-consent/action/validate", s.pis(http.StatusOK, false, s.validatePaymentConsent))
	m.Handle("POST /payments", s.pis(http.StatusCreated, true, s.makePayment))
	m.Handle("GET /payments/{paymentId}", s.pis(http.StatusOK, false, s.getPayment))
	m.Handle("GET /payments/{paymentId}/details", s.pis(http.StatusOK, false, s.getPaymentDetails))

	// Service endpoints: the served contract and a liveness probe, without context headers.
	m.HandleFunc("GET /openapi.json", s.serveContract)
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	m.HandleFunc("/", s.noRoute)
}
