package seed

import (
	"fmt"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/password"
)

// BankIdentity is who the seeded bank is: its brand and the codes that identify it in the Brazilian
// payment system.
type BankIdentity struct {
	Name  string // legal name
	Brand string // what customers see
	CNPJ  string // 14 digits with valid check digits
	COMPE string // 3-digit code in the COMPE clearing system
	ISPB  string // 8 digits, the institution's id in the SPB (the root of its CNPJ)
}

// DefaultBank is the fictional bank the seed builds unless told otherwise.
var DefaultBank = BankIdentity{
	Name:  "Banco Ipê S.A.",
	Brand: "Banco Ipê",
	CNPJ:  core.CompleteCNPJ("40140140" + "0001"),
	COMPE: "401",
	ISPB:  "40140140",
}

// Options say what to generate. The zero value of every field but Now means its default.
type Options struct {
	// Seed chooses the data: the same Seed (with the same other options) always gives the same data.
	Seed int64
	// Customers is the number of customers, personal and business, demo users included (default 50,
	// at least 10).
	Customers int
	// BusinessShare is the fraction of customers that are companies (default 0.2; at most 0.3 since
	// every company brings two representatives who are personal customers).
	BusinessShare float64
	// Months is how much statement history each account gets (default and minimum 12).
	Months int
	// Now is the end of the history: the moment the data describes. Required, so nothing depends on the
	// wall clock.
	Now time.Time
	// Bank is the bank's identity (default DefaultBank).
	Bank BankIdentity
	// BatchCustomers is how many customers go into one core.Batch (default 500): one transaction each,
	// so memory stays flat whatever the total.
	BatchCustomers int
	// Hashing is the argon2id cost for users' passwords (default password.Default). Tests pass
	// password.Cheap.
	Hashing password.Params
}

// Limits on Options, so a typo cannot ask for a billion customers.
const (
	MinCustomers = 10
	MaxCustomers = 10_000_000
	MinMonths    = 12
	MaxMonths    = 120
)

// withDefaults returns o with defaults filled in, or an error naming the first bad field.
func (o Options) withDefaults() (Options, error) {
	if o.Customers == 0 {
		o.Customers = 50
	}
	if o.BusinessShare == 0 {
		o.BusinessShare = 0.2
	}
	if o.Months == 0 {
		o.Months = MinMonths
	}
	if o.Bank == (BankIdentity{}) {
		o.Bank = DefaultBank
	}
	if o.BatchCustomers == 0 {
		o.BatchCustomers = 500
	}
	if o.Hashing == (password.Params{}) {
		o.Hashing = password.Default
	}
	switch {
	case o.Customers < MinCustomers || o.Customers > MaxCustomers:
		return o, fmt.Errorf("customers must be between %d and %d, not %d", MinCustomers, MaxCustomers, o.Customers)
	case o.BusinessShare < 0 || o.BusinessShare > 0.3:
		return o, fmt.Errorf("business share must be between 0 and 0.3, not %g", o.BusinessShare)
	case o.Months < MinMonths || o.Months > MaxMonths:
		return o, fmt.Errorf("months must be between %d and %d, not %d", MinMonths, MaxMonths, o.Months)
	case o.Now.IsZero():
		return o, fmt.Errorf("now must be set: the seed never reads the wall clock")
	case o.BatchCustomers < 1:
		return o, fmt.Errorf("batch size must be positive, not %d", o.BatchCustomers)
	case !core.ValidCNPJ(o.Bank.CNPJ):
		return o, fmt.Errorf("bank CNPJ %q has invalid check digits", o.Bank.CNPJ)
	case len(o.Bank.COMPE) != 3 || !digits(o.Bank.COMPE):
		return o, fmt.Errorf("bank COMPE code %q must be 3 digits", o.Bank.COMPE)
	case len(o.Bank.ISPB) != 8 || !digits(o.Bank.ISPB):
		return o, fmt.Errorf("bank ISPB %q must be 8 digits", o.Bank.ISPB)
	}
	// Brazilian banks keep statements in local time; truncating to the second keeps timestamps
	// identical through every store.
	o.Now = o.Now.In(brt).Truncate(time.Second)
	return o, nil
}

// brt is Brasília time (UTC−3, no daylight saving since 2019), the bank's business time zone.
var brt = time.FixedZone("BRT", -3*60*60)

func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
