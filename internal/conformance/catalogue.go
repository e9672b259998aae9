package conformance

import (
	"net/http"
	"slices"
	"strings"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// builder collects steps into cases by id, keeping the order in which ids first appear.
type builder struct {
	cases []*Case
	byID  map[string]*Case
	// contract are the test-case ids the AIS contract names; any other id is an extra check.
	contract []string
}

// add appends a step to the case id, creating it; op is the operation ("GET /accounts") and title
// what the step checks.
func (b *builder) add(id, op, title string, s step) {
	c := b.byID[id]
	if c == nil {
		c = &Case{ID: id, Extra: !slices.Contains(b.contract, id)}
		b.byID[id] = c
		b.cases = append(b.cases, c)
	}
	if !slices.Contains(c.Operations, op) {
		c.Operations = append(c.Operations, op)
	}
	if c.Title == "" {
		c.Title = title
	} else if !strings.Contains(c.Title, title) {
		c.Title += "; " + title
	}
	c.steps = append(c.steps, s)
}

// Catalogue returns every case: the AIS contract's test cases in the contract's order, then the
// extra checks of the operations whose contract names none (Brazilian credit and customer data, PIS).
func Catalogue() []*Case {
	order := ContractIDs(bankconnect.AISSpec())
	b := &builder{byID: map[string]*Case{}, contract: order}
	aisCases(b)
	headerCases(b)
	creditCases(b)
	customerBRCases(b)
	pisCases(b)
	paymentCases(b)
	slices.SortStableFunc(b.cases, func(x, y *Case) int {
		i, j := slices.Index(order, x.ID), slices.Index(order, y.ID)
		if i < 0 {
			i = len(order)
		}
		if j < 0 {
			j = len(order)
		}
		return i - j
	})
	return b.cases
}

// Select keeps the cases whose id starts with one of the prefixes (all when there are none).
func Select(cases []*Case, prefixes []string) []*Case {
	if len(prefixes) == 0 {
		return cases
	}
	var out []*Case
	for _, c := range cases {
		for _, p := range prefixes {
			if strings.HasPrefix(c.ID, strings.TrimSpace(p)) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// The well-formed call of each operation; {acc} is the PSU's first deposit account.
const (
	opAccounts           = "GET /accounts"
	opAccount            = "GET /accounts/{accountId}"
	opBalances           = "GET /balances"
	opAccountBalances    = "GET /accounts/{accountId}/balances"
	opTransactions       = "GET /transactions"
	opAccountTxns        = "GET /accounts/{accountId}/transactions"
	opCustomer           = "GET /customer"
	opAccountCustomer    = "GET /accounts/{accountId}/customer"
	opOffers             = "GET /offers"
	opAccountOffers      = "GET /accounts/{accountId}/offers"
	opCustomerBeneficiar = "GET /customer/beneficiaries"
	opProducts           = "GET /products"
)

// headerCase is one operation with the ids of its header test cases ("" when the contract names
// none): o3-aspsp-id, o3-api-uri, o3-api-operation, o3-ozone-interaction-id, o3-psu-identifier, and
// the unauthorised caller (401).
type headerCase struct {
	op, path                                  string
	aspsp, uri, operation, ozone, psu, unauth string
}

var headerTable = []headerCase{
	{opAccounts, "/accounts?accountIds={acc}", "ACC-010-060", "ACC-010-070", "ACC-010-080", "ACC-010-090", "ACC-010-050", "ACC-010-100"},
	{opAccount, "/accounts/{acc}", "ACC-020-030", "ACC-020-060", "ACC-020-070", "ACC-020-080", "ACC-020-040", "ACC-020-090"},
	{opBalances, "/balances?accountIds={acc}", "BAL-010-060", "BAL-010-070", "BAL-010-080", "BAL-010-090", "BAL-010-050", "BAL-010-100"},
	{opAccountBalances, "/accounts/{acc}/balances", "BAL-020-030", "BAL-020-060", "BAL-020-070", "BAL-020-080", "BAL-020-040", "BAL-020-090"},
	{opTransactions, "/transactions", "TXN-020-030", "TXN-020-040", "TXN-020-050", "TXN-020-060", "TXN-020-090", "TXN-010-100"},
	{opAccountTxns, "/accounts/{acc}/transactions", "TXN-010-030", "TXN-010-040", "TXN-010-050", "TXN-010-060", "", "TXN-010-100"},
	{"GET /direct-debits", "/direct-debits", "DBT-010-060", "DBT-010-070", "DBT-010-080", "DBT-010-090", "DBT-010-050", "DBT-010-100"},
	{"GET /accounts/{accountId}/direct-debits", "/accounts/{acc}/direct-debits", "DBT-020-030", "DBT-020-060", "DBT-020-070", "DBT-020-080", "DBT-020-040", "DBT-020-090"},
	{"GET /scheduled-payments", "/scheduled-payments", "FDP-010-060", "FDP-010-070", "FDP-010-080", "FDP-010-090", "FDP-010-050", "FDP-010-100"},
	{"GET /accounts/{accountId}/scheduled-payments", "/accounts/{acc}/scheduled-payments", "FDP-020-030", "FDP-020-060", "FDP-020-070", "FDP-020-080", "FDP-020-040", "FDP-020-090"},
	{"GET /standing-orders", "/standing-orders", "STO-010-060", "STO-010-070", "STO-010-080", "STO-010-090", "STO-010-050", "STO-010-100"},
	{"GET /accounts/{accountId}/standing-orders", "/accounts/{acc}/standing-orders", "STO-020-030", "STO-020-060", "STO-020-070", "STO-020-080", "STO-020-040", "STO-020-090"},
	{opCustomer, "/customer", "CUS-010-040", "CUS-010-050", "CUS-010-060", "CUS-010-070", "CUS-010-030", "CUS-010-080"},
	{opAccountCustomer, "/accounts/{acc}/customer", "CUS-020-040", "CUS-020-050", "CUS-020-060", "CUS-020-070", "CUS-020-030", "CUS-020-080"},
	{opOffers, "/offers", "OFF-010-050", "OFF-010-060", "OFF-010-070", "OFF-010-080", "OFF-010-040", "OFF-010-090"},
	{opAccountOffers, "/accounts/{acc}/offers", "", "OFF-020-060", "OFF-020-070", "OFF-020-080", "OFF-020-040", "OFF-020-090"},
	{"GET /beneficiaries", "/beneficiaries", "BEN-010-080", "BEN-010-090", "BEN-010-100", "BEN-010-110", "", "BEN-010-120"},
	{"GET /accounts/{accountId}/beneficiaries", "/accounts/{acc}/beneficiaries", "BEN-020-030", "BEN-020-060", "BEN-020-070", "BEN-020-080", "BEN-020-040", "BEN-020-090"},
	{opCustomerBeneficiar, "/customer/beneficiaries", "BEN-030-030", "BEN-030-060", "BEN-030-070", "BEN-030-080", "BEN-030-040", "BEN-030-090"},
	{opProducts, "/products", "PRD-010-080", "PRD-010-090", "PRD-010-100", "PRD-010-110", "", "PRD-010-120"},
}

// fill puts the PSU's first deposit account in a path.
func fill(t *T, path string) string { return strings.ReplaceAll(path, "{acc}", t.fx.AccountIDs[0]) }

// baseMods are the header changes of an operation's well-formed call: GET /products is made for no
// PSU and under no consent.
func baseMods(hc headerCase) []headerMod {
	if hc.op == opProducts {
		return []headerMod{without(bankconnect.HeaderPSUIdentifier, bankconnect.HeaderConsentID)}
	}
	return nil
}

// headerCases adds, for every operation, the header test cases: a well-formed call answers 200 and
// the same call with the header missing or unexpected answers 400 with the contract's Error body;
// without a valid bearer token it answers 401.
func headerCases(b *builder) {
	for _, hc := range headerTable {
		bad := func(id, title string, mods ...[]headerMod) {
			if id == "" {
				return
			}
			b.add(id, hc.op, title+" → 400", func(t *T) {
				base := baseMods(hc)
				if !t.get(fill(t, hc.path), base...).ok() {
					return
				}
				for _, m := range mods {
					t.get(fill(t, hc.path), append(slices.Clone(base), m...)...).fails(http.StatusBadRequest)
				}
			})
		}
		bad(hc.aspsp, "o3-aspsp-id missing or unexpected",
			[]headerMod{without(bankconnect.HeaderASPSPID)}, []headerMod{with(bankconnect.HeaderASPSPID, "another-bank")})
		bad(hc.uri, "o3-api-uri missing or unexpected",
			[]headerMod{without(bankconnect.HeaderAPIURI)}, []headerMod{with(bankconnect.HeaderAPIURI, "not a uri")})
		bad(hc.operation, "o3-api-operation missing or unexpected",
			[]headerMod{without(bankconnect.HeaderAPIOperation)}, []headerMod{with(bankconnect.HeaderAPIOperation, "DELETE")})
		bad(hc.ozone, "o3-ozone-interaction-id missing", []headerMod{without(bankconnect.HeaderOzoneInteractionID)})
		if hc.psu != "" {
			mod := []headerMod{without(bankconnect.HeaderPSUIdentifier)}
			if hc.op == opTransactions {
				// TXN-020-090: neither accountIds nor a PSU, so no consent either.
				mod = append(mod, without(bankconnect.HeaderConsentID))
			}
			bad(hc.psu, "o3-psu-identifier missing", mod)
		}
		if hc.unauth != "" {
			b.add(hc.unauth, hc.op, "caller not authorised → 401", func(t *T) {
				if t.target.Bearer == "" {
					t.skipf("the target is called by mutual TLS only; give --bearer TOKEN to be an unauthorised caller")
					return
				}
				base := baseMods(hc)
				if !t.get(fill(t, hc.path), base...).ok() {
					return
				}
				t.get(fill(t, hc.path), append(slices.Clone(base), without("Authorization"))...).fails(http.StatusUnauthorized)
				t.get(fill(t, hc.path), append(slices.Clone(base), with("Authorization", "Bearer not-the-token-"+newID()))...).fails(http.StatusUnauthorized)
			})
		}
	}
}
