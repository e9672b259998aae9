package connect

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// The Brazilian customer operations describe the PSU's person (/customer/personal/…) or the company
// the PSU acts for (/customer/business/…): the customer named by psuIdentifiers.customerId, else the
// first of that kind the user may act for. Each returns one object, so a PSU without such a customer
// is refused with 400 (the schema has no empty form).

// brCustomer returns the customer of kind the call is about.
func (s *server) brCustomer(c *call, kind core.CustomerKind) (core.Customer, error) {
	sc, err := s.scopeOf(c.r.Context(), c)
	if err != nil {
		return core.Customer{}, err
	}
	cu, ok := sc.first(kind)
	if !ok {
		return core.Customer{}, core.Errorf(core.ENOTFOUND, "the PSU has no %s customer at this bank", strings.ToLower(string(kind)))
	}
	return cu, nil
}

func (s *server) getPersonalIdentification(c *call) (any, error) {
	cu, err := s.brCustomer(c, core.Personal)
	if err != nil {
		return nil, err
	}
	p := cu.Personal
	if p == nil {
		p = &core.PersonalProfile{}
	}
	out := bankconnect.PersonalIdentification{
		UpdateDateTime: s.updated(cu), PersonalID: cu.ID, BrandName: s.Institution.BrandName,
		CivilName: cu.Name, SocialName: cu.SocialName, BirthDate: s.date(cu.BirthDate),
		MaritalStatusCode: p.MaritalStatus, Sex: p.Sex, CompanyCNPJ: s.Institution.CNPJ,
		Documents: bankconnect.PersonalDocuments{
			CPFNumber: cu.TaxID, PassportNumber: p.PassportNumber, PassportCountry: p.PassportCountry,
		},
		OtherDocuments:          []bankconnect.PersonalOtherDocument{},
		HasBrazilianNationality: p.PassportCountry == "" || p.PassportCountry == "BRA",
		Nationality:             []bankconnect.Nationality{},
		Filiation:               []bankconnect.Filiation{},
		Contacts:                []bankconnect.Contacts{contacts(cu)},
	}
	if p.MotherName != "" {
		out.Filiation = append(out.Filiation, bankconnect.Filiation{Type: "MAE", CivilName: p.MotherName})
	}
	if p.FatherName != "" {
		out.Filiation = append(out.Filiation, bankconnect.Filiation{Type: "PAI", CivilName: p.FatherName})
	}
	return out, nil
}

func (s *server) getPersonalQualification(c *call) (any, error) {
	cu, err := s.brCustomer(c, core.Personal)
	if err != nil {
		return nil, err
	}
	p := cu.Personal
	if p == nil {
		p = &core.PersonalProfile{}
	}
	day := s.date(cu.UpdatedAt)
	return bankconnect.PersonalQualification{
		UpdateDateTime: s.updated(cu), CompanyCNPJ: p.EmployerCNPJ,
		OccupationCode: p.OccupationCode, OccupationDescription: p.OccupationDescription,
		InformedIncome:    bankconnect.Income{Frequency: "MENSAL", Amount: p.MonthlyIncome.String(), Currency: "BRL", Date: day},
		InformedPatrimony: bankconnect.Patrimony{Amount: p.Patrimony.String(), Currency: "BRL", Year: year(day), Date: day},
	}, nil
}

func (s *server) getPersonalFinancialRelations(c *call) (any, error) {
	cu, err := s.brCustomer(c, core.Personal)
	if err != nil {
		return nil, err
	}
	accs, types, err := s.relations(c, cu)
	if err != nil {
		return nil, err
	}
	out := bankconnect.PersonalFinancialRelations{
		UpdateDateTime: s.updated(cu), StartDate: s.date(cu.Since),
		ProductsServicesType: types, ProductServicesType: types,
		Procurators: []bankconnect.PersonalProcurator{}, Procurrators: []bankconnect.PersonalProcurator{},
		Accounts: []bankconnect.PersonalAccount{},
	}
	for _, a := range accs {
		if a.Type == core.CreditCard {
			continue
		}
		out.Accounts = append(out.Accounts, bankconnect.PersonalAccount{
			CompeCode: a.CompeCode, BranchCode: a.BranchCode, Number: a.Number, CheckDigit: a.CheckDigit,
			Type: string(a.Type), SubType: string(a.SubType),
		})
	}
	return out, nil
}

func (s *server) getBusinessIdentification(c *call) (any, error) {
	cu, err := s.brCustomer(c, core.Business)
	if err != nil {
		return nil, err
	}
	out := bankconnect.BusinessIdentification{
		UpdateDateTime: s.updated(cu), BusinessID: cu.ID, BrandName: s.Institution.BrandName,
		CompanyName: cu.Name, TradeName: cu.SocialName, IncorporationDate: s.date(cu.BirthDate),
		CNPJNumber: cu.TaxID, CompanyCNPJNumber: []string{s.Institution.CNPJ},
		Parties: []bankconnect.Party{}, Contacts: []bankconnect.Contacts{contacts(cu)},
	}
	if bp := cu.BusinessProfile; bp != nil {
		if bp.TradeName != "" {
			out.TradeName = bp.TradeName
		}
		for _, r := range bp.Representatives {
			if r.Role == "PROCURADOR" {
				continue // attorneys are procurators (financial-relations), not parties
			}
			out.Parties = append(out.Parties, bankconnect.Party{
				PersonType: "PESSOA_NATURAL", Type: r.Role, CivilName: r.Name, SocialName: "",
				StartDate: s.date(r.Since), DocumentType: "CPF", DocumentNumber: r.CPF, DocumentCountry: "BRA",
			})
		}
	}
	return out, nil
}

func (s *server) getBusinessQualification(c *call) (any, error) {
	cu, err := s.brCustomer(c, core.Business)
	if err != nil {
		return nil, err
	}
	bp := cu.BusinessProfile
	if bp == nil {
		bp = &core.BusinessProfile{}
	}
	day := s.date(cu.UpdatedAt)
	out := bankconnect.BusinessQualification{
		UpdateDateTime:     s.updated(cu),
		EconomicActivities: []bankconnect.EconomicActivity{},
		InformedRevenue:    bankconnect.Revenue{Frequency: "ANUAL", Amount: bp.AnnualRevenue.String(), Currency: "BRL", Date: day, Year: year(day)},
		InformedPatrimony:  bankconnect.Patrimony{Amount: bp.Patrimony.String(), Currency: "BRL", Year: year(day), Date: day},
	}
	if bp.EconomicActivity != "" {
		out.EconomicActivities = append(out.EconomicActivities, bankconnect.EconomicActivity{Code: bp.EconomicActivity, IsMain: true})
	}
	return out, nil
}

func (s *server) getBusinessFinancialRelations(c *call) (any, error) {
	cu, err := s.brCustomer(c, core.Business)
	if err != nil {
		return nil, err
	}
	accs, types, err := s.relations(c, cu)
	if err != nil {
		return nil, err
	}
	out := bankconnect.BusinessFinancialRelations{
		UpdateDateTime: s.updated(cu), StartDate: s.date(cu.Since),
		ProductsServicesType: types, ProductServicesType: types,
		Procurators: []bankconnect.BusinessProcurator{}, Procurrators: []bankconnect.BusinessProcurator{},
		Accounts: []bankconnect.BusinessAccount{},
	}
	if bp := cu.BusinessProfile; bp != nil {
		for _, r := range bp.Representatives {
			kind := "REPRESENTANTE_LEGAL"
			if r.Role == "PROCURADOR" {
				kind = "PROCURADOR"
			}
			out.Procurators = append(out.Procurators, bankconnect.BusinessProcurator{Type: kind, CNPJCPFNumber: r.CPF, CivilName: r.Name, SocialName: ""})
		}
		out.Procurrators = out.Procurators
	}
	for _, a := range accs {
		if a.Type == core.CreditCard {
			continue
		}
		out.Accounts = append(out.Accounts, bankconnect.BusinessAccount{
			CompeCode: a.CompeCode, BranchCode: a.BranchCode, Number: a.Number, CheckDigit: a.CheckDigit, Type: string(a.Type),
		})
	}
	return out, nil
}

// relations returns a customer's usable accounts and the OBB product and service types it holds,
// comma-separated (the contract's productsServicesType is a string).
func (s *server) relations(c *call, cu core.Customer) ([]core.Account, string, error) {
	ctx := c.r.Context()
	accs, err := s.Accounts.AccountsOfCustomers(ctx, []string{cu.ID})
	if err != nil {
		return nil, "", err
	}
	accs = slices.DeleteFunc(accs, func(a core.Account) bool { return !usable(a) })
	var types []string
	add := func(t string) {
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	for _, a := range accs {
		add(string(a.Type))
	}
	for _, f := range creditFamilies {
		ks, err := s.Contracts.ContractsOfCustomers(ctx, []string{cu.ID}, f.kind)
		if err != nil {
			return nil, "", err
		}
		if len(ks) > 0 {
			add(productServiceType[f.kind])
		}
	}
	return accs, strings.Join(types, ","), nil
}

// productServiceType is the OBB productsServicesType of each credit family.
var productServiceType = map[core.ContractKind]string{
	core.Loan:                "OPERACAO_CREDITO",
	core.Financing:           "OPERACAO_CREDITO",
	core.InvoiceFinancing:    "OPERACAO_CREDITO",
	core.UnarrangedOverdraft: "LIMITE_CREDITO",
}

// contacts is a customer's BRCBPContacts: the main address, phone and e-mail.
func contacts(cu core.Customer) bankconnect.Contacts {
	out := bankconnect.Contacts{PostalAddresses: []bankconnect.PostalAddress{}, Phones: []bankconnect.Phone{}, Emails: []bankconnect.Email{}}
	if a := cu.Address; a.Street != "" {
		line := a.Street + ", " + a.Number
		if a.Complement != "" {
			line += ", " + a.Complement
		}
		country := a.Country
		if country == "" {
			country = "BRA"
		}
		out.PostalAddresses = append(out.PostalAddresses, bankconnect.PostalAddress{
			IsMain: true, Address: line, DistrictName: a.District, TownName: a.Town, IBGETownCode: a.TownIBGECode,
			CountrySubDivision: a.State, PostCode: a.PostCode, Country: countryName(country), CountryCode: country,
		})
	}
	if cu.Phone != "" {
		p := splitPhone(cu.Phone)
		out.Phones = append(out.Phones, bankconnect.Phone{
			IsMain: true, Type: p.kind, CountryCallingCode: p.country, AreaCode: p.area, Number: p.number, PhoneExtension: "",
		})
	}
	if cu.Email != "" {
		out.Emails = append(out.Emails, bankconnect.Email{IsMain: true, Email: cu.Email})
	}
	return out
}

// countryName is the name OBB writes for a country code.
func countryName(code string) string {
	if code == "BRA" {
		return "Brasil"
	}
	return code
}

// updated is a customer's last update, RFC 3339 in UTC to the second (the schema's 20 characters).
func (s *server) updated(cu core.Customer) string {
	t := cu.UpdatedAt
	if t.IsZero() {
		t = cu.Since
	}
	if t.IsZero() {
		t = s.now()
	}
	return dateTime(t)
}

// year is the year of a YYYY-MM-DD date, "" for "".
func year(day string) string {
	if len(day) < 4 {
		return ""
	}
	if _, err := strconv.Atoi(day[:4]); err != nil {
		return ""
	}
	return day[:4]
}
