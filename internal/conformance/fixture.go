package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// Fixture is what the harness must know of the target's data: one PSU, the accounts and contracts it
// may read, and an account of another PSU that it must never see.
type Fixture struct {
	// UserID is the PSU's userId, sent base64-encoded in o3-psu-identifier.
	UserID string
	// CustomerID, when set, is sent as psuIdentifiers.customerId (a consent given for one customer).
	CustomerID string
	// ConsentID is sent in o3-consent-id; empty sends a made-up id.
	ConsentID string
	// AccountIDs are the PSU's deposit accounts (checking, savings, prepaid); at least one is needed.
	AccountIDs []string
	// CardIDs are the PSU's credit-card accounts.
	CardIDs []string
	// Contracts are the PSU's credit contracts by Bank Connect family: loans, financings,
	// invoice-financings, unarranged-accounts-overdraft.
	Contracts map[string][]string
	// ForeignAccountID is an account of another PSU: the "not accessible" cases (ACC-020-050 and kin)
	// ask for it and every answer is checked not to reveal it. Empty skips those cases.
	ForeignAccountID string
	// ForeignContracts are credit contracts of another PSU by family, for the extra credit checks.
	ForeignContracts map[string]string
	// PaymentConsent, when set, lets the PIS-050 checks make one real payment.
	PaymentConsent *PaymentConsent

	// paymentID and paymentKey are the payment PIS-050-010 made, for the checks after it.
	paymentID, paymentKey string
}

// PSUHeader is the o3-psu-identifier value of the fixture's PSU.
func (f *Fixture) PSUHeader() string {
	return bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: f.UserID, CustomerID: f.CustomerID})
}

func (f *Fixture) consentID() string {
	if f.ConsentID != "" {
		return f.ConsentID
	}
	return "urn:ifconnect:conformance:consent"
}

// accounts are every account of the PSU the fixture names, deposit accounts first.
func (f *Fixture) accounts() []string {
	return append(slices.Clone(f.AccountIDs), f.CardIDs...)
}

// Valid says what is missing for a run.
func (f *Fixture) Valid() error {
	switch {
	case strings.TrimSpace(f.UserID) == "":
		return fmt.Errorf("the PSU's user id is required")
	case len(f.AccountIDs) == 0:
		return fmt.Errorf("at least one deposit account of the PSU is required")
	case f.ForeignAccountID != "" && slices.Contains(f.accounts(), f.ForeignAccountID):
		return fmt.Errorf("the other PSU's account %s is also listed as the PSU's", f.ForeignAccountID)
	}
	return nil
}

// DemoUser is one entry of demo-users.json, the file `ifconnect seed` writes: the members the
// harness reads, with the JSON names of the bank's seed.DemoUser (a test reads one file with both).
// It is declared here so the harness imports no bank code.
type DemoUser struct {
	Key         string   `json:"key"`
	UserID      string   `json:"userId"`
	CustomerID  string   `json:"customerId"`
	AccountIDs  []string `json:"accountIds"`
	CardIDs     []string `json:"cardIds"`
	ContractIDs struct {
		Loans                       []string `json:"loans"`
		Financings                  []string `json:"financings"`
		InvoiceFinancings           []string `json:"invoiceFinancings"`
		UnarrangedAccountsOverdraft []string `json:"unarrangedAccountsOverdraft"`
	} `json:"contractIds"`
}

// contracts are the user's credit contracts by Bank Connect family.
func (u DemoUser) contracts() map[string][]string {
	return map[string][]string{
		bankconnect.FamilyLoans: u.ContractIDs.Loans, bankconnect.FamilyFinancings: u.ContractIDs.Financings,
		bankconnect.FamilyInvoiceFinancings: u.ContractIDs.InvoiceFinancings, bankconnect.FamilyUnarrangedOverdraft: u.ContractIDs.UnarrangedAccountsOverdraft,
	}
}

// ReadDemoUsers reads a demo-users.json file.
func ReadDemoUsers(path string) ([]DemoUser, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("demo users: %w", err)
	}
	var users []DemoUser
	if err := json.Unmarshal(b, &users); err != nil {
		return nil, fmt.Errorf("demo users file %s: %w", path, err)
	}
	return users, nil
}

// FromDemoUsers builds the fixture of the demo user whose key or userId is psu. The other PSU's
// account is the first account of another user that psu may not read.
func FromDemoUsers(users []DemoUser, psu string) (Fixture, error) {
	i := slices.IndexFunc(users, func(u DemoUser) bool { return u.Key == psu || u.UserID == psu })
	if i < 0 {
		return Fixture{}, fmt.Errorf("no demo user %q", psu)
	}
	u := users[i]
	f := Fixture{UserID: u.UserID, AccountIDs: u.AccountIDs, CardIDs: u.CardIDs, Contracts: u.contracts()}
	f.ForeignContracts = map[string]string{}
	for _, o := range users {
		for _, id := range append(slices.Clone(o.AccountIDs), o.CardIDs...) {
			if o.UserID != u.UserID && !slices.Contains(f.accounts(), id) && f.ForeignAccountID == "" {
				f.ForeignAccountID = id
			}
		}
		for fam, list := range o.contracts() {
			for _, id := range list {
				if o.UserID != u.UserID && !slices.Contains(f.Contracts[fam], id) && f.ForeignContracts[fam] == "" {
					f.ForeignContracts[fam] = id
				}
			}
		}
	}
	return f, nil
}

// FromConsent reads an authorised account-access consent from the consent manager (GET
// /consents/{consentId} of tecban/openapi/consent-manager-spec.yaml) over client, a mutual-TLS client
// with the bank's certificate, and builds the fixture of its PSU and accounts. The consent does not
// say which accounts are cards, so all are taken as accounts; it names no other PSU, so
// ForeignAccountID stays for the caller to set.
func FromConsent(ctx context.Context, client *http.Client, baseURL, consentID string) (Fixture, error) {
	c, err := getConsent(ctx, client, baseURL, consentID)
	if err != nil {
		return Fixture{}, err
	}
	return fixtureOfConsent(c)
}

func fixtureOfConsent(c consentmgr.ConsentGetResponse) (Fixture, error) {
	if c.ConsentType != consentmgr.TypeAccountAccess {
		return Fixture{}, fmt.Errorf("consent %s is a %s consent, not %s", c.ID, c.ConsentType, consentmgr.TypeAccountAccess)
	}
	if c.ConsentBody == nil || c.ConsentBody.Data.Status != consentmgr.StatusAuthorised {
		status := consentmgr.Status("")
		if c.ConsentBody != nil {
			status = c.ConsentBody.Data.Status
		}
		return Fixture{}, fmt.Errorf("consent %s is %q, not %s", c.ID, status, consentmgr.StatusAuthorised)
	}
	if c.PSUIdentifiers == nil || c.PSUIdentifiers.UserID == "" {
		return Fixture{}, fmt.Errorf("consent %s names no PSU (psuIdentifiers.userId)", c.ID)
	}
	f := Fixture{UserID: c.PSUIdentifiers.UserID, ConsentID: c.ID, AccountIDs: c.AccountIDs}
	if raw, ok := c.PSUIdentifiers.Extra["customerId"]; ok {
		if err := json.Unmarshal(raw, &f.CustomerID); err != nil {
			return Fixture{}, fmt.Errorf("consent %s: psuIdentifiers.customerId is not a string", c.ID)
		}
	}
	return f, nil
}

// newID is a fresh interaction id.
func newID() string { return uuid.NewString() }

// unknownID is an account or contract id no bank holds.
func unknownID() string { return "conformance-unknown-" + uuid.NewString()[:8] }
