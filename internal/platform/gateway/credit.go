package gateway

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/obb"
)

// The credit-operation APIs (fase2/swagger_{loans,financings,invoice_financings,
// unarranged_accounts_overdraft}_apis.yaml), one set of five operations per family, read from the
// bank's BRCB credit operations (GET /loans, /loans/{contractId}, …/warranties, …/installments,
// …/payments).

// getContracts serves GET /open-banking/<family>/v1/contracts: the family's contracts the consent names.
func (g *gateway) getContracts(f creditFamily) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		q, err := query(c.r)
		if err != nil {
			return 0, nil, err
		}
		p, err := parsePaging(q)
		if err != nil {
			return 0, nil, err
		}
		var cs []bankconnect.ContractSummary
		if err := g.bank.Get(c.r.Context(), c.bankContext(), "GET /"+f.bankPath, "/"+f.bankPath, nil, &cs); err != nil {
			return 0, nil, fromBank(err)
		}
		out := []obb.ContractListItem{}
		for _, k := range cs {
			if !c.allowsResource(k.ContractID) {
				continue
			}
			out = append(out, obb.ContractListItem{ContractID: k.ContractID, BrandName: k.BrandName, CompanyCNPJ: k.CompanyCNPJ,
				ProductType: k.ProductType, ProductSubType: k.ProductSubType, IPOCCode: k.IPOCCode})
		}
		data, links, meta := page(c.r, p, out, g.now())
		return http.StatusOK, obb.Response[[]obb.ContractListItem]{Data: data, Links: links, Meta: meta}, nil
	}
}

// contractCall reads one per-contract resource of the family from the bank after the consent check.
func (g *gateway) contractCall(c *call, f creditFamily, suffix, bankSuffix string, out any) error {
	id := c.r.PathValue("contractId")
	if err := c.requireResource("contractId", id); err != nil {
		return err
	}
	endpoint := "GET /" + f.bankPath + "/{contractId}" + bankSuffix
	if err := g.bank.Get(c.r.Context(), c.bankContext(), endpoint, "/"+f.bankPath+"/"+url.PathEscape(id)+bankSuffix, nil, out); err != nil {
		return fromBank(err)
	}
	return nil
}

// getContract serves GET /open-banking/<family>/v1/contracts/{contractId}.
func (g *gateway) getContract(f creditFamily) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		var d bankconnect.ContractDetail
		if err := g.contractCall(c, f, "", "", &d); err != nil {
			return 0, nil, err
		}
		out := obb.Contract{
			ContractNumber: d.ContractNumber, IPOCCode: d.IPOCCode, ProductName: d.ProductName, ProductType: d.ProductType,
			ProductSubType: d.ProductSubType, ContractDate: d.ContractDate, DisbursementDate: d.DisbursementDate,
			SettlementDate: orNA(d.SettlementDate), ContractAmount: obb.Number(d.ContractAmount), Currency: orBRL(d.Currency),
			DueDate: d.DueDate, InstalmentPeriodicity: d.InstalmentPeriodicity,
			InstalmentPeriodicityAdditionalInfo: orNA(firstOf(d.InstalmentPeriodicityAdditionalInfo, d.InstalmentPeriodicityAddit)),
			FirstInstalmentDueDate:              d.FirstInstalmentDueDate, CET: obb.Number(d.CET), AmortizationScheduled: d.AmortizationScheduled,
			AmortizationScheduledAdditionalInfo: orNA(d.AmortizationScheduledAddit),
			InterestRates:                       []obb.InterestRate{}, ContractedFees: []obb.ContractFee{}, ContractedFinanceCharges: []obb.FinanceCharge{},
		}
		if f.bankPath == bankconnect.FamilyLoans {
			// Only loans carry cnpjConsignee (payroll loans' employer), required there.
			out.CNPJConsignee = orNA(d.CNPJConsignee)
		}
		for _, r := range d.InterestRates {
			out.InterestRates = append(out.InterestRates, obb.InterestRate{
				TaxType: r.TaxType, InterestRateType: r.InterestRateType, TaxPeriodicity: r.TaxPeriodicity, Calculation: r.Calculation,
				ReferentialRateIndexerType: r.ReferentialRateIndexerType, ReferentialRateIndexerSubType: r.ReferentialRateIndexerSubT,
				ReferentialRateIndexerAdditionalInfo: r.ReferentialRateIndexerAddi, PreFixedRate: obb.Number(r.PreFixedRate),
				PostFixedRate: obb.Number(r.PostFixedRate), AdditionalInfo: orNA(r.AdditionalInfo),
			})
		}
		for _, fee := range d.ContractedFees {
			out.ContractedFees = append(out.ContractedFees, obb.ContractFee{FeeName: fee.FeeName, FeeCode: fee.FeeCode,
				FeeChargeType: fee.FeeChargeType, FeeCharge: fee.FeeCharge, FeeAmount: obb.Number(fee.FeeAmount), FeeRate: obb.Number(fee.FeeRate)})
		}
		for _, ch := range d.ContractedFinanceCharges {
			out.ContractedFinanceCharges = append(out.ContractedFinanceCharges, obb.FinanceCharge{ChargeType: ch.ChargeType,
				ChargeAdditionalInfo: orNA(ch.ChargeAdditionalInfo), ChargeRate: obb.Number(ch.ChargeRate)})
		}
		links, meta := single(c.r, g.now())
		return http.StatusOK, obb.Response[obb.Contract]{Data: out, Links: links, Meta: meta}, nil
	}
}

// getWarranties serves GET /open-banking/<family>/v1/contracts/{contractId}/warranties.
func (g *gateway) getWarranties(f creditFamily) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		q, err := query(c.r)
		if err != nil {
			return 0, nil, err
		}
		p, err := parsePaging(q)
		if err != nil {
			return 0, nil, err
		}
		var ws []bankconnect.Warranty
		if err := g.contractCall(c, f, "/warranties", "/warranties", &ws); err != nil {
			return 0, nil, err
		}
		out := make([]obb.Warranty, len(ws))
		for i, w := range ws {
			out[i] = obb.Warranty{Currency: orBRL(w.Currency), WarrantyType: w.WarrantyType, WarrantySubType: w.WarrantySubType, WarrantyAmount: obb.Number(w.WarrantyAmount)}
		}
		data, links, meta := page(c.r, p, out, g.now())
		return http.StatusOK, obb.Response[[]obb.Warranty]{Data: data, Links: links, Meta: meta}, nil
	}
}

// getInstalments serves GET /open-banking/<family>/v1/contracts/{contractId}/scheduled-instalments
// from the bank's /installments; the balloon payments the bank writes as JSON text become the
// spec's array.
func (g *gateway) getInstalments(f creditFamily) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		var in bankconnect.Instalments
		if err := g.contractCall(c, f, "/scheduled-instalments", "/installments", &in); err != nil {
			return 0, nil, err
		}
		out := obb.Instalments{
			TypeNumberOfInstalments: in.TypeNumberOfInstalments, TotalNumberOfInstalments: obb.Number(in.TotalNumberOfInstalments),
			TypeContractRemaining: in.TypeContractRemaining, ContractRemainingNumber: obb.Number(in.ContractRemainingNumber),
			PaidInstalments: obb.Number(in.PaidInstalments), DueInstalments: obb.Number(in.DueInstalments),
			PastDueInstalments: obb.Number(in.PastDueInstalments), BalloonPayments: []obb.BalloonPayment{},
		}
		var balloons []bankconnect.Balloon
		if in.BalloonPayments != "" && json.Unmarshal([]byte(in.BalloonPayments), &balloons) == nil {
			for _, b := range balloons {
				out.BalloonPayments = append(out.BalloonPayments, obb.BalloonPayment{DueDate: b.DueDate, Currency: orBRL(b.Amount.Currency), Amount: obb.Number(b.Amount.Amount)})
			}
		}
		links, meta := single(c.r, g.now())
		return http.StatusOK, obb.Response[obb.Instalments]{Data: out, Links: links, Meta: meta}, nil
	}
}

// getContractPayments serves GET /open-banking/<family>/v1/contracts/{contractId}/payments.
func (g *gateway) getContractPayments(f creditFamily) func(*call) (int, any, error) {
	return func(c *call) (int, any, error) {
		var in bankconnect.Payments
		if err := g.contractCall(c, f, "/payments", "/payments", &in); err != nil {
			return 0, nil, err
		}
		out := obb.ContractPayments{PaidInstalments: obb.Number(in.PaidInstalments),
			ContractOutstandingBalance: obb.Number(firstOf(in.ContractOutstandingBalance, "0.00")), Releases: []obb.Release{}}
		for _, r := range in.Releases {
			rel := obb.Release{PaymentID: r.PaymentID, IsOverParcelPayment: r.IsOverParcelPayment == "true", InstalmentID: r.InstalmentID,
				PaidDate: r.PaidDate, Currency: orBRL(r.Currency), PaidAmount: obb.Number(r.PaidAmount),
				OverParcel: obb.OverParcel{Fees: []obb.FeeOverParcel{}, Charges: []obb.ChargeOverParcel{}}}
			for _, fee := range r.OverParcel.Fees {
				rel.OverParcel.Fees = append(rel.OverParcel.Fees, obb.FeeOverParcel{FeeName: fee.FeeName, FeeCode: fee.FeeCode, FeeAmount: obb.Number(fee.FeeAmount)})
			}
			for _, ch := range r.OverParcel.Charges {
				rel.OverParcel.Charges = append(rel.OverParcel.Charges, obb.ChargeOverParcel{ChargeType: ch.ChargeType,
					ChargeAdditionalInfo: orNA(ch.ChargeAdditionalInfo), ChargeAmount: obb.Number(ch.ChargeAmount)})
			}
			if !resourceIDPattern.MatchString(rel.PaymentID) {
				rel.PaymentID = ""
			}
			out.Releases = append(out.Releases, rel)
		}
		links, meta := single(c.r, g.now())
		return http.StatusOK, obb.Response[obb.ContractPayments]{Data: out, Links: links, Meta: meta}, nil
	}
}
