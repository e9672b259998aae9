package gateway

import (
	"net/http"
	"slices"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/obb"
)

// creditFamily is one credit-operation API: its OBB path, the bank's family path, its resource type
// and its permission prefix.
type creditFamily struct {
	api          string // "loans"
	bankPath     string // bankconnect.FamilyLoans
	resourceType string
	permPrefix   string
}

var creditFamilies = []creditFamily{
	{"loans", bankconnect.FamilyLoans, obb.ResourceLoan, "LOANS"},
	{"financings", bankconnect.FamilyFinancings, obb.ResourceFinancing, "FINANCINGS"},
	{"invoice-financings", bankconnect.FamilyInvoiceFinancings, obb.ResourceInvoiceFinancing, "INVOICE_FINANCINGS"},
	{"unarranged-accounts-overdraft", bankconnect.FamilyUnarrangedOverdraft, obb.ResourceUnarrangedOverdraft, "UNARRANGED_ACCOUNTS_OVERDRAFT"},
}

// getResources serves GET /open-banking/resources/v1/resources: every resource the consent names
// (its accountIds), typed by asking the bank which of them are deposit accounts, cards or contracts
// of each credit family. A resource the bank no longer shows is UNAVAILABLE.
func (g *gateway) getResources(c *call) (int, any, error) {
	q, err := query(c.r)
	if err != nil {
		return 0, nil, err
	}
	p, err := parsePaging(q)
	if err != nil {
		return 0, nil, err
	}
	ctx, bc := c.r.Context(), c.bankContext()
	types := map[string]string{}
	accs, err := g.bank.Accounts(ctx, bc, c.consent.AccountIDs)
	if err != nil {
		return 0, nil, fromBank(err)
	}
	for _, a := range accs {
		types[a.ID] = obb.ResourceAccount
		if a.AccountType == accountTypeCard {
			types[a.ID] = obb.ResourceCreditCardAccount
		}
	}
	if len(types) < len(c.consent.AccountIDs) {
		for _, f := range creditFamilies {
			var cs []bankconnect.ContractSummary
			if err := g.bank.Get(ctx, bc, "GET /"+f.bankPath, "/"+f.bankPath, nil, &cs); err != nil {
				return 0, nil, fromBank(err)
			}
			for _, k := range cs {
				if slices.Contains(c.consent.AccountIDs, k.ContractID) {
					types[k.ContractID] = f.resourceType
				}
			}
		}
	}
	out := make([]obb.Resource, 0, len(c.consent.AccountIDs))
	for _, id := range c.consent.AccountIDs {
		r := obb.Resource{ResourceID: id, Type: types[id], Status: obb.ResourceAvailable}
		if r.Type == "" {
			// Still in the consent but no longer at the bank (closed account, settled contract); the
			// spec needs a type, and the consent's ids are accounts unless the bank says otherwise.
			r.Type, r.Status = obb.ResourceAccount, obb.ResourceUnavailable
		}
		if !resourceIDPattern.MatchString(id) {
			continue
		}
		out = append(out, r)
	}
	data, links, meta := page(c.r, p, out, g.now())
	return http.StatusOK, obb.Response[[]obb.Resource]{Data: data, Links: links, Meta: meta}, nil
}
