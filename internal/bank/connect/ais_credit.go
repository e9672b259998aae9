package connect

import (
	"encoding/json"
	"strconv"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// creditFamily is one Brazilian credit API of the contract: its path and the contract kind it reads.
type creditFamily struct {
	path string
	kind core.ContractKind
}

var creditFamilies = []creditFamily{
	{bankconnect.FamilyLoans, core.Loan},
	{bankconnect.FamilyFinancings, core.Financing},
	{bankconnect.FamilyInvoiceFinancings, core.InvoiceFinancing},
	{bankconnect.FamilyUnarrangedOverdraft, core.UnarrangedOverdraft},
}

// getContracts serves GET /loans (and the other families): the PSU's contracts of the family, as a
// list of BRCBBase (see bankconnect.ListOperations).
func (s *server) getContracts(f creditFamily) handlerFunc {
	return func(c *call) (any, error) {
		out := []bankconnect.ContractSummary{}
		sc, err := s.scopeOf(c.r.Context(), c)
		if err != nil || len(sc.customers) == 0 {
			return out, err
		}
		cs, err := s.Contracts.ContractsOfCustomers(c.r.Context(), sc.customerIDs(), f.kind)
		if err != nil {
			return nil, err
		}
		for _, k := range cs {
			out = append(out, bankconnect.ContractSummary{
				BrandName: s.Institution.BrandName, CompanyCNPJ: s.Institution.CNPJ, ContractID: k.ID,
				IPOCCode: k.IPOCCode, ProductType: k.ProductType, ProductSubType: k.ProductSubType,
			})
		}
		return out, nil
	}
}

// contractOf returns the contract of a per-contract call: 400 when it does not exist or is of another
// family, or when it is not the PSU's.
func (s *server) contractOf(c *call, f creditFamily) (core.Contract, error) {
	id := c.r.PathValue("contractId")
	if err := checkID("contractId", id); err != nil {
		return core.Contract{}, err
	}
	sc, err := s.scopeOf(c.r.Context(), c)
	if err != nil {
		return core.Contract{}, err
	}
	k, err := s.Contracts.Contract(c.r.Context(), id)
	if core.ErrorCode(err) == core.ENOTFOUND || (err == nil && k.Kind != f.kind) {
		return core.Contract{}, core.Errorf(core.ENOTFOUND, "%s contract %s does not exist", f.path, id)
	}
	if err != nil {
		return core.Contract{}, err
	}
	if !sc.allows(k.CustomerID) {
		return core.Contract{}, core.Errorf(core.EFORBIDDEN, "contract %s is not accessible by this PSU", id)
	}
	return k, nil
}

// getContract serves GET /loans/{contractId} (and kin): the contract's terms, BRCBBaseDetail.
func (s *server) getContract(f creditFamily) handlerFunc {
	return func(c *call) (any, error) {
		k, err := s.contractOf(c, f)
		if err != nil {
			return nil, err
		}
		out := bankconnect.ContractDetail{
			CET: k.CET, AmortizationScheduled: k.Amortization, ContractAmount: k.Amount.String(),
			ContractOutstandingBalance: k.OutstandingBalance.String(),
			ContractDate:               s.date(k.ContractDate), CNPJConsignee: k.ConsigneeCNPJ, ContractNumber: k.ContractNumber,
			ContractedFees: []bankconnect.Fee{}, ContractedFinanceCharges: []bankconnect.FinanceCharge{},
			Currency: currency(k.Currency), DisbursementDate: s.date(k.DisbursementDate), DueDate: s.date(k.DueDate),
			FirstInstalmentDueDate: s.date(k.FirstInstalmentDueDate), InstalmentPeriodicity: k.Periodicity,
			InterestRates: []bankconnect.InterestRate{}, IPOCCode: k.IPOCCode, ProductName: k.ProductName,
			ProductSubType: k.ProductSubType, ProductType: k.ProductType, SettlementDate: s.date(k.SettlementDate),
		}
		for _, fe := range k.Fees {
			out.ContractedFees = append(out.ContractedFees, bankconnect.Fee{
				FeeName: fe.Name, FeeCode: fe.Code, FeeChargeType: fe.ChargeType, FeeCharge: fe.Charge,
				FeeAmount: fe.Amount.String(), FeeRate: fe.Rate,
			})
		}
		for _, ch := range k.Charges {
			out.ContractedFinanceCharges = append(out.ContractedFinanceCharges, bankconnect.FinanceCharge{
				ChargeType: ch.Type, ChargeAdditionalInfo: ch.AdditionalInfo, ChargeRate: ch.Rate,
			})
		}
		for _, r := range k.InterestRates {
			out.InterestRates = append(out.InterestRates, bankconnect.InterestRate{
				TaxType: r.TaxType, InterestRateType: r.InterestRateType, TaxPeriodicity: r.TaxPeriodicity,
				Calculation: r.Calculation, ReferentialRateIndexerType: r.IndexerType,
				ReferentialRateIndexerSubT: r.IndexerSubType, ReferentialRateIndexerAddi: r.IndexerAdditional,
				PreFixedRate: r.PreFixedRate, PostFixedRate: r.PostFixedRate, AdditionalInfo: r.AdditionalInfo,
			})
		}
		return out, nil
	}
}

// getContractWarranties serves GET /loans/{contractId}/warranties (and kin): a list of
// BRCBBaseWarranty.
func (s *server) getContractWarranties(f creditFamily) handlerFunc {
	return func(c *call) (any, error) {
		k, err := s.contractOf(c, f)
		if err != nil {
			return nil, err
		}
		out := []bankconnect.Warranty{}
		for _, w := range k.Warranties {
			out = append(out, bankconnect.Warranty{
				Currency: currency(w.Currency), WarrantyType: w.Type, WarrantySubType: w.SubType, WarrantyAmount: w.Amount.String(),
			})
		}
		return out, nil
	}
}

// getContractInstalments serves GET /loans/{contractId}/installments (and kin): BRCBBaseInstallment.
func (s *server) getContractInstalments(f creditFamily) handlerFunc {
	return func(c *call) (any, error) {
		k, err := s.contractOf(c, f)
		if err != nil {
			return nil, err
		}
		in := k.Instalments
		balloons := make([]bankconnect.Balloon, len(in.Balloons))
		for i, b := range in.Balloons {
			balloons[i] = bankconnect.Balloon{DueDate: s.date(b.DueDate), Amount: amount(b.Amount, k.Currency)}
		}
		bj, err := json.Marshal(balloons)
		if err != nil {
			return nil, err
		}
		return bankconnect.Instalments{
			TypeNumberOfInstalments: in.TypeTotal, TotalNumberOfInstalments: strconv.Itoa(in.Total),
			TypeContractRemaining: in.TypeRemaining, ContractRemainingNumber: strconv.Itoa(in.Remaining),
			PaidInstalments: strconv.Itoa(in.Paid), DueInstalments: strconv.Itoa(in.Due),
			PastDueInstalments: strconv.Itoa(in.PastDue), BalloonPayments: string(bj),
		}, nil
	}
}

// getContractPayments serves GET /loans/{contractId}/payments (and kin): BRCBBasePayment.
func (s *server) getContractPayments(f creditFamily) handlerFunc {
	return func(c *call) (any, error) {
		k, err := s.contractOf(c, f)
		if err != nil {
			return nil, err
		}
		out := bankconnect.Payments{
			ContractOutstandingBalance: k.OutstandingBalance.String(),
			PaidInstalments:            strconv.Itoa(k.Instalments.Paid),
			Releases:                   []bankconnect.Release{},
		}
		for _, r := range k.Releases {
			rel := bankconnect.Release{
				PaymentID: r.ID, IsOverParcelPayment: strconv.FormatBool(r.OverParcel), InstalmentID: r.InstalmentID,
				PaidDate: s.date(r.PaidDate), Currency: currency(r.Currency), PaidAmount: r.Amount.String(),
				OverParcel: bankconnect.Parcel{Fees: []bankconnect.ParcelFee{}, Charges: []bankconnect.ParcelCharge{}},
			}
			for _, fe := range r.Fees {
				rel.OverParcel.Fees = append(rel.OverParcel.Fees, bankconnect.ParcelFee{FeeName: fe.Name, FeeCode: fe.Code, FeeAmount: fe.Amount.String()})
			}
			for _, ch := range r.Charges {
				rel.OverParcel.Charges = append(rel.OverParcel.Charges, bankconnect.ParcelCharge{
					ChargeType: ch.Type, ChargeAdditionalInfo: ch.AdditionalInfo, ChargeAmount: ch.Amount.String(),
				})
			}
			out.Releases = append(out.Releases, rel)
		}
		return out, nil
	}
}
