package seed

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/ifconnect/ifconnect/internal/state"
)

// DemoUser is one named demo user as written to demo-users.json, which the TPP client, the
// conformance harness and the browser tests read to log in and to know which ids to expect.
type DemoUser struct {
	Key        string        `json:"key"`      // ana, bruno, carla, diego, eduardo
	Login      string        `json:"login"`    // what the login page asks: the CPF
	Password   string        `json:"password"` // demo only: real passwords are never written anywhere
	UserID     string        `json:"userId"`   // core.User.ID, the o3-psu-identifier userId
	Name       string        `json:"name"`
	CPF        string        `json:"cpf"`
	CustomerID string        `json:"customerId"`
	Business   *DemoBusiness `json:"business,omitempty"` // set when the user represents a company
	// AccountIDs are every deposit account (checking, savings, prepaid) the user may act for: their own,
	// then the company's.
	AccountIDs  []string      `json:"accountIds"`
	CardIDs     []string      `json:"cardIds"` // credit-card accounts
	ContractIDs DemoContracts `json:"contractIds"`
	TOTPSecret  string        `json:"totpSecret,omitempty"` // base32 RFC 6238 secret when a second factor is set
}

// DemoBusiness is the company a demo user represents.
type DemoBusiness struct {
	CNPJ         string `json:"cnpj"`
	CustomerID   string `json:"customerId"`
	Name         string `json:"name"`
	TradeName    string `json:"tradeName"`
	DualApproval bool   `json:"dualApproval"`
}

// DemoContracts are the credit contracts a demo user may share, by Open Banking API.
type DemoContracts struct {
	Loans                       []string `json:"loans"`
	Financings                  []string `json:"financings"`
	InvoiceFinancings           []string `json:"invoiceFinancings"`
	UnarrangedAccountsOverdraft []string `json:"unarrangedAccountsOverdraft"`
}

// WriteDemoUsers writes users to path as an indented JSON array, atomically: readers see the old file
// or the new one, never a half-written one.
func WriteDemoUsers(path string, users []DemoUser) error {
	b, err := json.MarshalIndent(users, "", "  ")
	if err != nil {
		return fmt.Errorf("demo users: %w", err)
	}
	return state.WriteFileAtomic(path, append(b, '\n'), 0o600)
}

// ReadDemoUsers reads the demo-users.json that `ifconnect seed` wrote.
func ReadDemoUsers(path string) ([]DemoUser, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("demo users: %w (run 'ifconnect seed' first)", err)
	}
	var users []DemoUser
	if err := json.Unmarshal(b, &users); err != nil {
		return nil, fmt.Errorf("demo users file %s is corrupt: %w", path, err)
	}
	return users, nil
}

// DemoUserByKey returns the demo user with key (ana, bruno, carla, diego, eduardo) from users.
func DemoUserByKey(users []DemoUser, key string) (DemoUser, bool) {
	for _, u := range users {
		if u.Key == key {
			return u, true
		}
	}
	return DemoUser{}, false
}
