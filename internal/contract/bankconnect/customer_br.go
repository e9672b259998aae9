package bankconnect

// The Brazilian customer operations (/customer/personal/… and /customer/business/…) return one
// object each, the contract's BRCB* customer schemas. Dates are YYYY-MM-DD; updateDateTime is RFC 3339
// in UTC to the second (the schema caps it at 20 characters); amounts are decimal strings.
//
// Two schemas require members under names their properties spell differently
// (productServicesType/productsServicesType, procurrators/procurators); the bank writes both
// spellings with the same content, so a reader of either finds it and the body validates.

// PersonalIdentification is the contract's BRCBPersonalIdentification.
type PersonalIdentification struct {
	UpdateDateTime              string                  `json:"updateDateTime"`
	PersonalID                  string                  `json:"personalId"`
	BrandName                   string                  `json:"brandName"`
	CivilName                   string                  `json:"civilName"`
	SocialName                  string                  `json:"socialName"`
	BirthDate                   string                  `json:"birthDate"`
	MaritalStatusCode           string                  `json:"maritalStatusCode"`
	MaritalStatusAdditionalInfo string                  `json:"maritalStatusAdditionalInfo,omitempty"`
	Sex                         string                  `json:"sex"`
	CompanyCNPJ                 string                  `json:"companyCnpj"`
	Documents                   PersonalDocuments       `json:"documents"`
	OtherDocuments              []PersonalOtherDocument `json:"otherDocuments"`
	HasBrazilianNationality     bool                    `json:"hasBrazilianNationality"`
	Nationality                 []Nationality           `json:"nationality"`
	Filiation                   []Filiation             `json:"filiation"`
	Contacts                    []Contacts              `json:"contacts"`
}

// PersonalDocuments are a person's CPF and passport.
type PersonalDocuments struct {
	CPFNumber              string `json:"cpfNumber"`
	PassportNumber         string `json:"passportNumber"`
	PassportCountry        string `json:"passportCountry"`
	PassportExpirationDate string `json:"passportExpirationDate"`
	PassportIssueDate      string `json:"passportIssueDate,omitempty"`
}

// PersonalOtherDocument is the contract's BRCBPersonalOtherDocument (RG, CNH, …).
type PersonalOtherDocument struct {
	Type                   string `json:"type"`
	TypeAdditionalInfo     string `json:"typeAdditionalInfo"`
	Number                 string `json:"number"`
	CheckDigit             string `json:"checkDigit"`
	AdditionalInfo         string `json:"additionalInfo,omitempty"`
	PassportExpirationDate string `json:"passportExpirationDate"`
}

// Nationality is the contract's BRCBNationality, for customers with other nationalities.
type Nationality struct {
	OtherNationalitiesInfo string                     `json:"otherNationalitiesInfo"`
	Documents              []NationalityOtherDocument `json:"documents"`
}

// NationalityOtherDocument is the contract's BRCBNationalityOtherDocument.
type NationalityOtherDocument struct {
	Type           string `json:"type"`
	Number         string `json:"number"`
	ExpirationDate string `json:"expirationDate"`
	IssueDate      string `json:"issueDate"`
	Country        string `json:"country,omitempty"`
}

// Filiation is the contract's BRCBFiliation: a parent.
type Filiation struct {
	Type       string `json:"type"` // MAE, PAI
	CivilName  string `json:"civilName"`
	SocialName string `json:"socialName,omitempty"`
}

// Contacts is the contract's BRCBPContacts.
type Contacts struct {
	PostalAddresses []PostalAddress `json:"postalAddresses"`
	Phones          []Phone         `json:"phones"`
	Emails          []Email         `json:"emails"`
}

// PostalAddress is the contract's BRCBPostalAddress.
type PostalAddress struct {
	IsMain             bool   `json:"isMain"`
	Address            string `json:"address"`
	AdditionalInfo     string `json:"addionalInfo,omitempty"` // sic: the contract spells it addionalInfo
	DistrictName       string `json:"districtName"`
	TownName           string `json:"townName"`
	IBGETownCode       string `json:"ibgeTownCode,omitempty"`
	CountrySubDivision string `json:"countrySubDivision"` // UF
	PostCode           string `json:"postCode"`
	Country            string `json:"country"`
	CountryCode        string `json:"countryCode,omitempty"`
}

// Phone is the contract's BRCBCustomerPhone.
type Phone struct {
	IsMain             bool   `json:"isMain"`
	Type               string `json:"type"` // FIXO, MOVEL, OUTRO
	CountryCallingCode string `json:"countryCallingCode"`
	AreaCode           string `json:"areaCode"`
	Number             string `json:"number"`
	PhoneExtension     string `json:"phoneExtension"`
}

// Email is the contract's BRCBCustomerEmail.
type Email struct {
	IsMain bool   `json:"isMain"`
	Email  string `json:"email"`
}

// PersonalQualification is the contract's BRCBPersonalQualification (no other members allowed).
type PersonalQualification struct {
	UpdateDateTime        string    `json:"updateDateTime"`
	CompanyCNPJ           string    `json:"companyCnpj"`
	OccupationCode        string    `json:"occupationCode"`
	OccupationDescription string    `json:"occupationDescription"`
	InformedIncome        Income    `json:"informedIncome"`
	InformedPatrimony     Patrimony `json:"informedPatrimony"`
}

// Income is a declared income.
type Income struct {
	Frequency string `json:"frequency"` // MENSAL
	Amount    string `json:"amount"`
	Currency  string `json:"currency"`
	Date      string `json:"date"`
}

// Patrimony is the contract's BRCBPatrimony. The schema requires year without declaring it and
// declares date; the bank writes both.
type Patrimony struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Year     string `json:"year"`
	Date     string `json:"date,omitempty"`
}

// BusinessQualification is the contract's BRCBBusinessQualification. EconomicActivities is required
// by the schema, which forgot to declare it (see ServedContract).
type BusinessQualification struct {
	UpdateDateTime     string             `json:"updateDateTime"`
	EconomicActivities []EconomicActivity `json:"economicActivities"`
	InformedRevenue    Revenue            `json:"informedRevenue"`
	InformedPatrimony  Patrimony          `json:"informedPatrimony"`
}

// EconomicActivity is a company's CNAE activity.
type EconomicActivity struct {
	Code   string `json:"code"`
	IsMain bool   `json:"isMain"`
}

// Revenue is a company's declared revenue.
type Revenue struct {
	Frequency string `json:"frequency"` // ANUAL
	Amount    string `json:"amount"`
	Currency  string `json:"currency"`
	Date      string `json:"date"`
	Year      string `json:"year,omitempty"`
}

// PersonalFinancialRelations is the contract's BRCBPersonalFinancialRelations.
type PersonalFinancialRelations struct {
	UpdateDateTime       string               `json:"updateDateTime"`
	StartDate            string               `json:"startDate"`
	ProductsServicesType string               `json:"productsServicesType"`
	ProductServicesType  string               `json:"productServicesType"` // the schema's required spelling
	Procurators          []PersonalProcurator `json:"procurators"`
	Procurrators         []PersonalProcurator `json:"procurrators"` // the schema's required spelling
	Accounts             []PersonalAccount    `json:"accounts"`
}

// PersonalProcurator is the contract's BRCBPersonalProcurator.
type PersonalProcurator struct {
	Type       string `json:"type"` // REPRESENTANTE_LEGAL, PROCURADOR
	CPFNumber  string `json:"cpfNumber"`
	CivilName  string `json:"civilName"`
	SocialName string `json:"socialName"`
}

// PersonalAccount is the contract's BRCBPersonalAccount.
type PersonalAccount struct {
	CompeCode  string `json:"compeCode"`
	BranchCode string `json:"branchCode"`
	Number     string `json:"number"`
	CheckDigit string `json:"checkDigit"`
	Type       string `json:"type"`
	SubType    string `json:"subtype"`
}

// BusinessIdentification is the contract's BRCBBusinessIdentification.
type BusinessIdentification struct {
	UpdateDateTime    string                  `json:"updateDateTime"`
	BusinessID        string                  `json:"businessId"`
	BrandName         string                  `json:"brandName"`
	CompanyName       string                  `json:"companyName"`
	TradeName         string                  `json:"tradeName"`
	IncorporationDate string                  `json:"incorporationDate"`
	CNPJNumber        string                  `json:"cnpjNumber"`
	CompanyCNPJNumber []string                `json:"companyCnpjNumber"`
	OtherDocuments    []BusinessOtherDocument `json:"otherDocuments,omitempty"`
	Parties           []Party                 `json:"parties"`
	Contacts          []Contacts              `json:"contacts"`
}

// BusinessOtherDocument is the contract's BRCBBusinessOtherDocument.
type BusinessOtherDocument struct {
	Type           string `json:"type,omitempty"`
	Number         string `json:"number"`
	Country        string `json:"country"`
	ExpirationDate string `json:"expirationDate"`
}

// Party is the contract's BRCBPartiesParticipation: a partner or administrator of a company.
type Party struct {
	PersonType             string `json:"personType"` // PESSOA_NATURAL, PESSOA_JURIDICA
	Type                   string `json:"type"`       // SOCIO, ADMINISTRADOR
	CivilName              string `json:"civilName"`
	SocialName             string `json:"socialName"`
	CompanyName            string `json:"companyName"`
	TradeName              string `json:"tradeName"`
	StartDate              string `json:"startDate"`
	Shareholding           string `json:"shareholding"`
	DocumentType           string `json:"documentType"` // CPF, CNPJ
	DocumentNumber         string `json:"documentNumber"`
	DocumentAdditionalInfo string `json:"documentAdditionalInfo"`
	DocumentCountry        string `json:"documentCountry"`
	DocumentExpirationDate string `json:"documentExpirationDate"`
	DocumentIssueDate      string `json:"documentIssueDate,omitempty"`
}

// BusinessFinancialRelations is the contract's BRCBBusinessFinancialRelations.
type BusinessFinancialRelations struct {
	UpdateDateTime       string               `json:"updateDateTime"`
	StartDate            string               `json:"startDate"`
	ProductsServicesType string               `json:"productsServicesType"`
	ProductServicesType  string               `json:"productServicesType"` // the schema's required spelling
	Procurators          []BusinessProcurator `json:"procurators"`
	Procurrators         []BusinessProcurator `json:"procurrators"` // the schema's required spelling
	Accounts             []BusinessAccount    `json:"accounts"`
}

// BusinessProcurator is the contract's BRCBBusinessProcurator.
type BusinessProcurator struct {
	Type          string `json:"type"`
	CNPJCPFNumber string `json:"cnpjCpfNumber"`
	CivilName     string `json:"civilName"`
	SocialName    string `json:"socialName"`
}

// BusinessAccount is the contract's BRCBBusinessAccount.
type BusinessAccount struct {
	CompeCode  string `json:"compeCode"`
	BranchCode string `json:"branchCode"`
	Number     string `json:"number"`
	CheckDigit string `json:"checkDigit"`
	Type       string `json:"type"`
}
