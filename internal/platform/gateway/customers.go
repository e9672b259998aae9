package gateway

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/obb"
)

// The customers API (fase2/swagger_customers_apis.yaml), read from the bank's Brazilian customer
// operations (GET /customer/personal/… and /customer/business/…). The shapes differ only in form:
// the bank writes numbers as decimal strings, a list of contacts, one comma-separated string of
// product types and the postal address's "addionalInfo"; the OBB specs want numbers, one contacts
// object, an array of product types and "additionalInfo".

// customer reads one of the bank's customer operations.
func (g *gateway) customer(c *call, bankPath string, out any) error {
	if err := g.bank.Get(c.r.Context(), c.bankContext(), "GET "+bankPath, bankPath, nil, out); err != nil {
		return fromBank(err)
	}
	return nil
}

func contacts(cs []bankconnect.Contacts) obb.Contacts {
	out := obb.Contacts{PostalAddresses: []obb.PostalAddress{}, Phones: []obb.Phone{}, Emails: []obb.Email{}}
	for _, c := range cs {
		for _, a := range c.PostalAddresses {
			out.PostalAddresses = append(out.PostalAddresses, obb.PostalAddress{IsMain: a.IsMain, Address: a.Address, AdditionalInfo: a.AdditionalInfo,
				DistrictName: a.DistrictName, TownName: a.TownName, IBGETownCode: a.IBGETownCode, CountrySubDivision: a.CountrySubDivision,
				PostCode: a.PostCode, Country: a.Country, CountryCode: a.CountryCode})
		}
		for _, p := range c.Phones {
			p.PhoneExtension = orNA(p.PhoneExtension)
			out.Phones = append(out.Phones, obb.Phone(p))
		}
		for _, e := range c.Emails {
			out.Emails = append(out.Emails, obb.Email(e))
		}
	}
	return out
}

// productServiceTypes is EnumProductServiceType.
var productServiceTypes = []string{"CONTA_DEPOSITO_A_VISTA", "CONTA_POUPANCA", "CONTA_PAGAMENTO_PRE_PAGA", "CARTAO_CREDITO", "OPERACAO_CREDITO",
	"SEGURO", "PREVIDENCIA", "INVESTIMENTO", "OPERACOES_CAMBIO", "CONTA_SALARIO", "CREDENCIAMENTO", "OUTROS"}

// productTypes splits the bank's comma-separated product types; one outside the spec's enum (an
// overdraft limit, LIMITE_CREDITO) is OUTROS.
func productTypes(s string) []string {
	out := []string{}
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		if !slices.Contains(productServiceTypes, t) {
			t = "OUTROS"
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// dateTimeOf turns a bank date (YYYY-MM-DD) or date-time into the spec's zulu date-time.
func dateTimeOf(s string) string {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return obb.DateTime(t)
	}
	return zulu(s)
}

func orNumber(s string) obb.Number {
	if s == "" {
		return "0"
	}
	return obb.Number(s)
}

// getPersonalIdentifications serves GET /open-banking/customers/v1/personal/identifications.
func (g *gateway) getPersonalIdentifications(c *call) (int, any, error) {
	var p bankconnect.PersonalIdentification
	if err := g.customer(c, "/customer/personal/identifications", &p); err != nil {
		return 0, nil, err
	}
	out := obb.PersonalIdentification{
		UpdateDateTime: zulu(p.UpdateDateTime), PersonalID: p.PersonalID, BrandName: p.BrandName, CivilName: p.CivilName, SocialName: p.SocialName,
		BirthDate: p.BirthDate, MaritalStatusCode: p.MaritalStatusCode, MaritalStatusAdditionalInfo: p.MaritalStatusAdditionalInfo, Sex: p.Sex,
		CompanyCNPJ: []string{orNA(p.CompanyCNPJ)}, OtherDocuments: []obb.PersonalOtherDocument{},
		Documents: obb.PersonalDocument{CPFNumber: p.Documents.CPFNumber, PassportNumber: orNA(p.Documents.PassportNumber),
			PassportCountry: orNA(p.Documents.PassportCountry), PassportExpirationDate: orNA(p.Documents.PassportExpirationDate),
			PassportIssueDate: p.Documents.PassportIssueDate},
		HasBrazilianNationality: p.HasBrazilianNationality, Nationality: []obb.Nationality{}, Filiation: []obb.Filiation{}, Contacts: contacts(p.Contacts),
	}
	for _, d := range p.OtherDocuments {
		out.OtherDocuments = append(out.OtherDocuments, obb.PersonalOtherDocument{Type: d.Type, TypeAdditionalInfo: d.TypeAdditionalInfo, Number: d.Number,
			CheckDigit: orNA(d.CheckDigit), AdditionalInfo: d.AdditionalInfo, ExpirationDate: orNA(d.PassportExpirationDate)})
	}
	if len(out.OtherDocuments) == 0 {
		// The spec requires at least one entry and names the case: SEM_OUTROS_DOCUMENTOS.
		out.OtherDocuments = append(out.OtherDocuments, obb.PersonalOtherDocument{Type: "SEM_OUTROS_DOCUMENTOS", TypeAdditionalInfo: "NA",
			Number: "NA", CheckDigit: "NA", ExpirationDate: "NA"})
	}
	for _, n := range p.Nationality {
		nat := obb.Nationality{OtherNationalitiesInfo: n.OtherNationalitiesInfo, Documents: []obb.NationalityOtherDocument{}}
		for _, d := range n.Documents {
			nat.Documents = append(nat.Documents, obb.NationalityOtherDocument(d))
		}
		out.Nationality = append(out.Nationality, nat)
	}
	for _, f := range p.Filiation {
		out.Filiation = append(out.Filiation, obb.Filiation(f))
	}
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[[]obb.PersonalIdentification]{Data: []obb.PersonalIdentification{out}, Links: links, Meta: meta}, nil
}

// getPersonalQualifications serves GET /open-banking/customers/v1/personal/qualifications.
func (g *gateway) getPersonalQualifications(c *call) (int, any, error) {
	var p bankconnect.PersonalQualification
	if err := g.customer(c, "/customer/personal/qualifications", &p); err != nil {
		return 0, nil, err
	}
	// occupationCode names the code list (EnumOccupationMainCodeType); the bank sends the code itself,
	// a CBO occupation code, which goes to the description with the bank's text.
	code, desc := p.OccupationCode, p.OccupationDescription
	if code != "RECEITA_FEDERAL" && code != "CBO" && code != "OUTRO" {
		code, desc = "CBO", strings.TrimSpace(strings.TrimSpace(p.OccupationCode+" "+p.OccupationDescription))
		if p.OccupationCode == "" {
			code = "OUTRO"
		}
	}
	out := obb.PersonalQualification{
		UpdateDateTime: zulu(p.UpdateDateTime), CompanyCNPJ: orNA(p.CompanyCNPJ), OccupationCode: code, OccupationDescription: clip(orNA(desc), 100),
		InformedIncome: obb.InformedIncome{Frequency: p.InformedIncome.Frequency, Amount: orNumber(p.InformedIncome.Amount),
			Currency: orBRL(p.InformedIncome.Currency), Date: orNA(p.InformedIncome.Date)},
		InformedPatrimony: obb.PersonalPatrimony{Amount: orNumber(p.InformedPatrimony.Amount), Currency: orBRL(p.InformedPatrimony.Currency),
			Year: orNumber(p.InformedPatrimony.Year)},
	}
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[obb.PersonalQualification]{Data: out, Links: links, Meta: meta}, nil
}

// getPersonalRelations serves GET /open-banking/customers/v1/personal/financial-relations.
func (g *gateway) getPersonalRelations(c *call) (int, any, error) {
	var p bankconnect.PersonalFinancialRelations
	if err := g.customer(c, "/customer/personal/financial-relations", &p); err != nil {
		return 0, nil, err
	}
	out := obb.PersonalFinancialRelation{UpdateDateTime: zulu(p.UpdateDateTime), StartDate: dateTimeOf(p.StartDate),
		ProductsServicesType: productTypes(firstOf(p.ProductsServicesType, p.ProductServicesType)), Procurators: []obb.PersonalProcurator{}, Accounts: []obb.PersonalAccount{}}
	for _, pr := range p.Procurators {
		out.Procurators = append(out.Procurators, obb.PersonalProcurator(pr))
	}
	if len(out.Procurators) == 0 {
		// The spec requires one entry and names the case: NAO_SE_APLICA.
		out.Procurators = append(out.Procurators, obb.PersonalProcurator{Type: "NAO_SE_APLICA", CPFNumber: "NA", CivilName: "NA", SocialName: "NA"})
	}
	for _, a := range p.Accounts {
		out.Accounts = append(out.Accounts, obb.PersonalAccount{CompeCode: a.CompeCode, BranchCode: a.BranchCode, Number: accountNumber(a.Number),
			CheckDigit: a.CheckDigit, Type: a.Type, Subtype: a.SubType})
	}
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[obb.PersonalFinancialRelation]{Data: out, Links: links, Meta: meta}, nil
}

// getBusinessIdentifications serves GET /open-banking/customers/v1/business/identifications.
func (g *gateway) getBusinessIdentifications(c *call) (int, any, error) {
	var b bankconnect.BusinessIdentification
	if err := g.customer(c, "/customer/business/identifications", &b); err != nil {
		return 0, nil, err
	}
	out := obb.BusinessIdentification{
		UpdateDateTime: zulu(b.UpdateDateTime), BusinessID: b.BusinessID, BrandName: b.BrandName, CompanyName: b.CompanyName, TradeName: b.TradeName,
		IncorporationDate: dateTimeOf(b.IncorporationDate), CNPJNumber: b.CNPJNumber, CompanyCNPJNumber: b.CompanyCNPJNumber, Parties: []obb.Party{},
		Contacts: contacts(b.Contacts),
	}
	if out.CompanyCNPJNumber == nil {
		out.CompanyCNPJNumber = []string{}
	}
	for _, d := range b.OtherDocuments {
		out.OtherDocuments = append(out.OtherDocuments, obb.BusinessOtherDocument(d))
	}
	for _, p := range b.Parties {
		p.DocumentExpirationDate, p.DocumentCountry, p.Shareholding = orNA(p.DocumentExpirationDate), orNA(p.DocumentCountry), orNA(p.Shareholding)
		p.StartDate = dateTimeOf(p.StartDate)
		out.Parties = append(out.Parties, obb.Party(p))
	}
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[[]obb.BusinessIdentification]{Data: []obb.BusinessIdentification{out}, Links: links, Meta: meta}, nil
}

// getBusinessQualifications serves GET /open-banking/customers/v1/business/qualifications.
func (g *gateway) getBusinessQualifications(c *call) (int, any, error) {
	var b bankconnect.BusinessQualification
	if err := g.customer(c, "/customer/business/qualifications", &b); err != nil {
		return 0, nil, err
	}
	out := obb.BusinessQualification{
		UpdateDateTime: zulu(b.UpdateDateTime), EconomicActivities: []obb.EconomicActivity{},
		InformedRevenue: obb.InformedRevenue{Frequency: b.InformedRevenue.Frequency, Amount: orNumber(b.InformedRevenue.Amount),
			Currency: orBRL(b.InformedRevenue.Currency), Year: obb.Number(b.InformedRevenue.Year)},
		InformedPatrimony: obb.BusinessPatrimony{Amount: orNumber(b.InformedPatrimony.Amount), Currency: orBRL(b.InformedPatrimony.Currency),
			Date: orNA(b.InformedPatrimony.Date)},
	}
	for _, a := range b.EconomicActivities {
		// CNAE codes are written with punctuation at times ("4711-3/02"); the spec wants 7 digits.
		code := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, a.Code)
		out.EconomicActivities = append(out.EconomicActivities, obb.EconomicActivity{Code: orNumber(code), IsMain: a.IsMain})
	}
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[obb.BusinessQualification]{Data: out, Links: links, Meta: meta}, nil
}

// getBusinessRelations serves GET /open-banking/customers/v1/business/financial-relations.
func (g *gateway) getBusinessRelations(c *call) (int, any, error) {
	var b bankconnect.BusinessFinancialRelations
	if err := g.customer(c, "/customer/business/financial-relations", &b); err != nil {
		return 0, nil, err
	}
	out := obb.BusinessFinancialRelation{UpdateDateTime: zulu(b.UpdateDateTime), StartDate: dateTimeOf(b.StartDate),
		ProductsServicesType: productTypes(firstOf(b.ProductsServicesType, b.ProductServicesType)), Procurators: []obb.BusinessProcurator{}, Accounts: []obb.BusinessAccount{}}
	for _, pr := range b.Procurators {
		out.Procurators = append(out.Procurators, obb.BusinessProcurator(pr))
	}
	if len(out.Procurators) == 0 {
		// The spec requires one entry and names the case: NAO_POSSUI.
		out.Procurators = append(out.Procurators, obb.BusinessProcurator{Type: "NAO_POSSUI", CNPJCPFNumber: "NA", CivilName: "NA", SocialName: "NA"})
	}
	for _, a := range b.Accounts {
		out.Accounts = append(out.Accounts, obb.BusinessAccount{CompeCode: a.CompeCode, BranchCode: a.BranchCode, Number: accountNumber(a.Number),
			CheckDigit: a.CheckDigit, Type: a.Type})
	}
	links, meta := single(c.r, g.now())
	return http.StatusOK, obb.Response[obb.BusinessFinancialRelation]{Data: out, Links: links, Meta: meta}, nil
}
