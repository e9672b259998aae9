package core

import "time"

// CustomerKind tells a natural person (identified by CPF) from a company (identified by CNPJ).
type CustomerKind string

// Customer kinds.
const (
	Personal CustomerKind = "PERSONAL"
	Business CustomerKind = "BUSINESS"
)

// Customer is a holder of accounts and contracts: a person or a company.
type Customer struct {
	ID         string
	Kind       CustomerKind
	TaxID      string    // CPF (11 digits) for Personal, CNPJ (14 digits) for Business
	Name       string    // civil name, or company name
	SocialName string    // nome social of a person, or trade name of a company
	BirthDate  time.Time // birth date, or incorporation date of a company
	Email      string
	Phone      string // E.164 without the plus: 5511987654321
	Address    Address
	Since      time.Time // start of the relationship with the bank
	UpdatedAt  time.Time

	Personal        *PersonalProfile // set for Personal customers
	BusinessProfile *BusinessProfile // set for Business customers
}

// Address is a Brazilian postal address.
type Address struct {
	Street       string
	Number       string
	Complement   string
	District     string
	Town         string
	TownIBGECode string
	State        string // two-letter UF
	PostCode     string // CEP, 8 digits
	Country      string // ISO 3166-1 alpha-3, BRA
}

// PersonalProfile holds what the Open Banking customer APIs ask of a person.
type PersonalProfile struct {
	Sex                   string // MASCULINO, FEMININO, OUTRO
	MaritalStatus         string // SOLTEIRO, CASADO, …
	MotherName            string
	FatherName            string
	OccupationCode        string
	OccupationDescription string
	MonthlyIncome         Money
	Patrimony             Money
	PassportNumber        string
	PassportCountry       string
	EmployerCNPJ          string
}

// BusinessProfile holds what the Open Banking customer APIs ask of a company.
type BusinessProfile struct {
	TradeName        string
	EconomicActivity string // CNAE code
	AnnualRevenue    Money
	Patrimony        Money
	// Representatives are the people who may act for the company: who they are and what they may do.
	Representatives []Representative
	// DualApproval means consents and payments need two representatives' confirmations.
	DualApproval bool
}

// Representative is a person who acts for a business customer.
type Representative struct {
	CustomerID string // the representative's own Personal customer
	Name       string
	CPF        string
	Role       string // SOCIO, ADMINISTRADOR, PROCURADOR
	Powers     Powers
	Since      time.Time
}

// Powers are what a representative may do for the company in Open Banking.
type Powers struct {
	ShareData    bool  // may authorise data-sharing consents
	Pay          bool  // may authorise payment consents
	PayLimit     Money // largest single payment the representative may approve; 0 means no limit
	ApproveAlone bool  // may authorise without a second representative
}

// User is a login identity of internet banking. Its ID is what the bank writes as psuIdentifiers.userId
// and what the platform sends back in o3-psu-identifier.
type User struct {
	ID           string
	Login        string // the CPF typed at the login page
	CustomerID   string // the person's own Personal customer
	PasswordHash string // PHC string (argon2id or bcrypt); never the password
	TOTPSecret   string // base32; empty when the user has no second factor
	Disabled     bool
}
