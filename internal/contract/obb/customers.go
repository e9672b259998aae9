package obb

// The customers API (fase2/swagger_customers_apis.yaml): personal and business identification,
// qualification and financial relations.

// PersonalIdentification is PersonalIdentificationData.
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
	CompanyCNPJ                 []string                `json:"companyCnpj"`
	Documents                   PersonalDocument        `json:"documents"`
	OtherDocuments              []PersonalOtherDocument `json:"otherDocuments"`
	HasBrazilianNationality     bool                    `json:"hasBrazilianNationality"`
	Nationality                 []Nationality           `json:"nationality"`
	Filiation                   []Filiation             `json:"filiation"`
	Contacts                    Contacts                `json:"contacts"`
}

// PersonalDocument is PersonalDocument.
type PersonalDocument struct {
	CPFNumber              string `json:"cpfNumber"`
	PassportNumber         string `json:"passportNumber"`
	PassportCountry        string `json:"passportCountry"`
	PassportExpirationDate string `json:"passportExpirationDate"`
	PassportIssueDate      string `json:"passportIssueDate,omitempty"`
}

// PersonalOtherDocument is PersonalOtherDocument.
type PersonalOtherDocument struct {
	Type               string `json:"type"`
	TypeAdditionalInfo string `json:"typeAdditionalInfo"`
	Number             string `json:"number"`
	CheckDigit         string `json:"checkDigit"`
	AdditionalInfo     string `json:"additionalInfo,omitempty"`
	ExpirationDate     string `json:"expirationDate"`
}

// Nationality is Nationality.
type Nationality struct {
	OtherNationalitiesInfo string                     `json:"otherNationalitiesInfo"`
	Documents              []NationalityOtherDocument `json:"documents"`
}

// NationalityOtherDocument is NationalityOtherDocument.
type NationalityOtherDocument struct {
	Type           string `json:"type"`
	Number         string `json:"number"`
	ExpirationDate string `json:"expirationDate"`
	IssueDate      string `json:"issueDate"`
	Country        string `json:"country,omitempty"`
}

// Filiation is an item of PersonalIdentificationData.filiation.
type Filiation struct {
	Type       string `json:"type"`
	CivilName  string `json:"civilName"`
	SocialName string `json:"socialName,omitempty"`
}

// Contacts is PersonalContacts / BusinessContacts.
type Contacts struct {
	PostalAddresses []PostalAddress `json:"postalAddresses"`
	Phones          []Phone         `json:"phones"`
	Emails          []Email         `json:"emails"`
}

// PostalAddress is PersonalPostalAddress / BusinessPostalAddress.
type PostalAddress struct {
	IsMain             bool   `json:"isMain"`
	Address            string `json:"address"`
	AdditionalInfo     string `json:"additionalInfo,omitempty"`
	DistrictName       string `json:"districtName"`
	TownName           string `json:"townName"`
	IBGETownCode       string `json:"ibgeTownCode,omitempty"`
	CountrySubDivision string `json:"countrySubDivision"`
	PostCode           string `json:"postCode"`
	Country            string `json:"country"`
	CountryCode        string `json:"countryCode,omitempty"`
}

// Phone is CustomerPhone.
type Phone struct {
	IsMain             bool   `json:"isMain"`
	Type               string `json:"type"`
	CountryCallingCode string `json:"countryCallingCode"`
	AreaCode           string `json:"areaCode"`
	Number             string `json:"number"`
	PhoneExtension     string `json:"phoneExtension"`
}

// Email is CustomerEmail.
type Email struct {
	IsMain bool   `json:"isMain"`
	Email  string `json:"email"`
}

// PersonalQualification is PersonalQualificationData.
type PersonalQualification struct {
	UpdateDateTime        string            `json:"updateDateTime"`
	CompanyCNPJ           string            `json:"companyCnpj"`
	OccupationCode        string            `json:"occupationCode"`
	OccupationDescription string            `json:"occupationDescription"`
	InformedIncome        InformedIncome    `json:"informedIncome"`
	InformedPatrimony     PersonalPatrimony `json:"informedPatrimony"`
}

// InformedIncome is PersonalQualificationData.informedIncome.
type InformedIncome struct {
	Frequency string `json:"frequency"`
	Amount    Number `json:"amount"`
	Currency  string `json:"currency"`
	Date      string `json:"date"`
}

// PersonalPatrimony is PersonalInformedPatrimony.
type PersonalPatrimony struct {
	Amount   Number `json:"amount"`
	Currency string `json:"currency"`
	Year     Number `json:"year"`
}

// BusinessQualification is BusinessQualificationData.
type BusinessQualification struct {
	UpdateDateTime     string             `json:"updateDateTime"`
	EconomicActivities []EconomicActivity `json:"economicActivities"`
	InformedRevenue    InformedRevenue    `json:"informedRevenue"`
	InformedPatrimony  BusinessPatrimony  `json:"informedPatrimony"`
}

// EconomicActivity is EconomicActivity (a CNAE code).
type EconomicActivity struct {
	Code   Number `json:"code"`
	IsMain bool   `json:"isMain"`
}

// InformedRevenue is BusinessQualificationData.informedRevenue.
type InformedRevenue struct {
	Frequency string `json:"frequency"`
	Amount    Number `json:"amount"`
	Currency  string `json:"currency"`
	Year      Number `json:"year,omitempty"`
}

// BusinessPatrimony is BusinessInformedPatrimony.
type BusinessPatrimony struct {
	Amount   Number `json:"amount"`
	Currency string `json:"currency"`
	Date     string `json:"date"`
}

// PersonalFinancialRelation is PersonalFinancialRelationData.
type PersonalFinancialRelation struct {
	UpdateDateTime       string               `json:"updateDateTime"`
	StartDate            string               `json:"startDate"`
	ProductsServicesType []string             `json:"productsServicesType"`
	Procurators          []PersonalProcurator `json:"procurators"`
	Accounts             []PersonalAccount    `json:"accounts"`
}

// PersonalProcurator is PersonalProcurator.
type PersonalProcurator struct {
	Type       string `json:"type"`
	CPFNumber  string `json:"cpfNumber"`
	CivilName  string `json:"civilName"`
	SocialName string `json:"socialName"`
}

// PersonalAccount is PersonalAccount.
type PersonalAccount struct {
	CompeCode  string `json:"compeCode"`
	BranchCode string `json:"branchCode"`
	Number     string `json:"number"`
	CheckDigit string `json:"checkDigit"`
	Type       string `json:"type"`
	Subtype    string `json:"subtype"`
}

// BusinessIdentification is BusinessIdentificationData.
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
	Contacts          Contacts                `json:"contacts"`
}

// BusinessOtherDocument is BusinessOtherDocument.
type BusinessOtherDocument struct {
	Type           string `json:"type,omitempty"`
	Number         string `json:"number"`
	Country        string `json:"country"`
	ExpirationDate string `json:"expirationDate"`
}

// Party is PartiesParticipation.
type Party struct {
	PersonType             string `json:"personType"`
	Type                   string `json:"type"`
	CivilName              string `json:"civilName"`
	SocialName             string `json:"socialName"`
	CompanyName            string `json:"companyName"`
	TradeName              string `json:"tradeName,omitempty"`
	StartDate              string `json:"startDate"`
	Shareholding           string `json:"shareholding"`
	DocumentType           string `json:"documentType"`
	DocumentNumber         string `json:"documentNumber"`
	DocumentAdditionalInfo string `json:"documentAdditionalInfo,omitempty"`
	DocumentCountry        string `json:"documentCountry"`
	DocumentExpirationDate string `json:"documentExpirationDate"`
	DocumentIssueDate      string `json:"documentIssueDate,omitempty"`
}

// BusinessFinancialRelation is BusinessFinancialRelationData.
type BusinessFinancialRelation struct {
	UpdateDateTime       string               `json:"updateDateTime"`
	StartDate            string               `json:"startDate"`
	ProductsServicesType []string             `json:"productsServicesType"`
	Procurators          []BusinessProcurator `json:"procurators"`
	Accounts             []BusinessAccount    `json:"accounts"`
}

// BusinessProcurator is BusinessProcurator.
type BusinessProcurator struct {
	Type          string `json:"type"`
	CNPJCPFNumber string `json:"cnpjCpfNumber"`
	CivilName     string `json:"civilName"`
	SocialName    string `json:"socialName"`
}

// BusinessAccount is BusinessAccount.
type BusinessAccount struct {
	CompeCode  string `json:"compeCode"`
	BranchCode string `json:"branchCode"`
	Number     string `json:"number"`
	CheckDigit string `json:"checkDigit"`
	Type       string `json:"type"`
}
