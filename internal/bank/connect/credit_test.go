package connect_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

func TestCredit(t *testing.T) {
	e := newEnv(t)
	f := e.f
	families := []struct {
		path string
		mine core.Contract
	}{
		{bankconnect.FamilyLoans, f.Loan},
		{bankconnect.FamilyFinancings, f.Financing},
		{bankconnect.FamilyInvoiceFinancings, f.InvoiceFinancing},
		{bankconnect.FamilyUnarrangedOverdraft, f.Overdraft},
	}
	for _, fam := range families {
		t.Run(fam.path, func(t *testing.T) {
			var list []bankconnect.ContractSummary
			e.get("/"+fam.path, nil).ok(t, &list)
			if len(list) != 1 || list[0].ContractID != fam.mine.ID || list[0].CompanyCNPJ != institution.CNPJ ||
				list[0].BrandName != institution.BrandName || list[0].IPOCCode != fam.mine.IPOCCode || list[0].ProductType != fam.mine.ProductType {
				t.Fatalf("list %+v", list)
			}

			var d bankconnect.ContractDetail
			e.get("/"+fam.path+"/"+fam.mine.ID, nil).ok(t, &d)
			if d.ContractNumber != fam.mine.ContractNumber || d.ContractAmount != fam.mine.Amount.String() || d.CET != fam.mine.CET ||
				d.InstalmentPeriodicity != "MENSAL" || d.AmortizationScheduled != "PRICE" || len(d.InterestRates) != len(fam.mine.InterestRates) ||
				len(d.ContractedFees) != len(fam.mine.Fees) || d.ContractDate == "" || d.Currency != "BRL" {
				t.Fatalf("detail %+v", d)
			}

			var ws []bankconnect.Warranty
			e.get("/"+fam.path+"/"+fam.mine.ID+"/warranties", nil).ok(t, &ws)
			if len(ws) != len(fam.mine.Warranties) || (len(ws) > 0 && ws[0].WarrantyType != fam.mine.Warranties[0].Type) {
				t.Fatalf("warranties %+v", ws)
			}

			var in bankconnect.Instalments
			e.get("/"+fam.path+"/"+fam.mine.ID+"/installments", nil).ok(t, &in)
			var balloons []bankconnect.Balloon
			if err := json.Unmarshal([]byte(in.BalloonPayments), &balloons); err != nil || len(balloons) != len(fam.mine.Instalments.Balloons) {
				t.Fatalf("balloons %q: %v", in.BalloonPayments, err)
			}
			if in.TypeNumberOfInstalments != fam.mine.Instalments.TypeTotal || in.PaidInstalments == "" {
				t.Fatalf("instalments %+v", in)
			}

			var p bankconnect.Payments
			e.get("/"+fam.path+"/"+fam.mine.ID+"/payments", nil).ok(t, &p)
			if len(p.Releases) != len(fam.mine.Releases) || p.ContractOutstandingBalance != fam.mine.OutstandingBalance.String() {
				t.Fatalf("payments %+v", p)
			}
		})
	}

	t.Run("a contract of another family, unknown or of another PSU is refused", func(t *testing.T) {
		e.get("/loans/"+f.Financing.ID, nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)
		e.get("/loans/nope/payments", nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)
		e.get("/loans/"+e.other.Loan.ID+"/warranties", nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotAccessible)
		e.get("/financings/bad%20id", nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
	})

	t.Run("an unknown PSU has no contracts", func(t *testing.T) {
		h := e.headers()
		h.Set(bankconnect.HeaderPSUIdentifier, psu("nobody"))
		var list []bankconnect.ContractSummary
		r := e.get("/loans", h)
		if r.ok(t, &list); string(r.body) != "[]" {
			t.Fatalf("body %s", r.body)
		}
	})
}

func TestBrazilianCustomer(t *testing.T) {
	e := newEnv(t)
	f := e.f

	t.Run("personal identification", func(t *testing.T) {
		var got bankconnect.PersonalIdentification
		e.get("/customer/personal/identifications", nil).ok(t, &got)
		if got.PersonalID != f.Person.ID || got.Documents.CPFNumber != f.Person.TaxID || got.CivilName != f.Person.Name ||
			got.SocialName != "Bia Carvalho" || got.BirthDate != "1988-03-14" || got.Sex != "FEMININO" || got.CompanyCNPJ != institution.CNPJ ||
			got.Documents.PassportNumber != "FX123456" || len(got.Filiation) != 2 || got.Filiation[0].CivilName != "Maria Carvalho" ||
			len(got.Contacts) != 1 || got.Contacts[0].Phones[0].AreaCode != "11" || got.Contacts[0].Phones[0].Type != "MOVEL" ||
			got.Contacts[0].PostalAddresses[0].IBGETownCode != "3550308" || !got.HasBrazilianNationality {
			t.Fatalf("identification %+v", got)
		}
	})

	t.Run("personal qualification", func(t *testing.T) {
		var got bankconnect.PersonalQualification
		e.get("/customer/personal/qualifications", nil).ok(t, &got)
		if got.InformedIncome.Amount != "12500.00" || got.InformedPatrimony.Amount != "480000.00" || got.OccupationCode != "2124-05" ||
			got.CompanyCNPJ != f.Company.TaxID || len(got.UpdateDateTime) != 20 || got.InformedPatrimony.Year == "" {
			t.Fatalf("qualification %+v", got)
		}
	})

	t.Run("personal financial relations", func(t *testing.T) {
		var got bankconnect.PersonalFinancialRelations
		e.get("/customer/personal/financial-relations", nil).ok(t, &got)
		if len(got.Accounts) != 2 || got.Accounts[0].Number == "" || got.ProductsServicesType == "" || got.ProductServicesType != got.ProductsServicesType {
			t.Fatalf("relations %+v", got)
		}
	})

	t.Run("business identification", func(t *testing.T) {
		var got bankconnect.BusinessIdentification
		e.get("/customer/business/identifications", nil).ok(t, &got)
		if got.CNPJNumber != f.Company.TaxID || got.CompanyName != f.Company.Name || got.TradeName != "CS Tech" || len(got.Parties) != 2 ||
			got.Parties[0].DocumentNumber != f.Person.TaxID || got.IncorporationDate != "2015-05-20" {
			t.Fatalf("identification %+v", got)
		}
	})

	t.Run("business qualification", func(t *testing.T) {
		var got bankconnect.BusinessQualification
		e.get("/customer/business/qualifications", nil).ok(t, &got)
		if len(got.EconomicActivities) != 1 || got.EconomicActivities[0].Code != "6201501" || got.InformedRevenue.Amount != "4800000.00" {
			t.Fatalf("qualification %+v", got)
		}
	})

	t.Run("business financial relations", func(t *testing.T) {
		var got bankconnect.BusinessFinancialRelations
		e.get("/customer/business/financial-relations", nil).ok(t, &got)
		if len(got.Accounts) != 1 || got.Accounts[0].Number != f.CompanyChecking.Number || len(got.Procurators) != 2 || len(got.Procurrators) != 2 {
			t.Fatalf("relations %+v", got)
		}
	})

	t.Run("a PSU without a customer of the kind is refused", func(t *testing.T) {
		h := e.headers()
		h.Set(bankconnect.HeaderPSUIdentifier, psu("nobody"))
		e.get("/customer/personal/identifications", h).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)
		e.get("/customer/business/qualifications", h).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)
	})
}
