package connect

import (
	"context"
	"strings"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// The account objects — direct debits, scheduled payments, standing orders, offers, beneficiaries —
// share one shape: a collection form over accountIds or the PSU's accounts, and a per-account form.

// forAccounts reads objects of the accounts a collection call covers (DBT-010-010/020/030/040 and
// kin) and converts them.
func forAccounts[T, W any](s *server, c *call, read func(context.Context, []string) ([]T, error), conv func(T) W) ([]W, error) {
	accs, err := s.collectionAccounts(c)
	if err != nil {
		return nil, err
	}
	return readConvert(c.r.Context(), accountIDsOf(accs), read, conv)
}

// forAccount reads objects of the one account of a per-account call (DBT-020-010 and kin; 400 for
// DBT-020-020 and DBT-020-050 and kin).
func forAccount[T, W any](s *server, c *call, read func(context.Context, []string) ([]T, error), conv func(T) W) ([]W, error) {
	sc, err := s.scopeOf(c.r.Context(), c)
	if err != nil {
		return nil, err
	}
	a, err := s.accountOf(c.r.Context(), c, sc, c.r.PathValue("accountId"))
	if err != nil {
		return nil, err
	}
	return readConvert(c.r.Context(), []string{a.ID}, read, conv)
}

func readConvert[T, W any](ctx context.Context, ids []string, read func(context.Context, []string) ([]T, error), conv func(T) W) ([]W, error) {
	out := []W{}
	if len(ids) == 0 {
		return out, nil
	}
	items, err := read(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		out = append(out, conv(it))
	}
	return out, nil
}

func (s *server) getDirectDebits(c *call) (any, error) {
	d, err := forAccounts(s, c, s.StandingData.DirectDebits, toDirectDebit)
	return bankconnect.DirectDebitsResponse{Data: d}, err
}

func (s *server) getAccountDirectDebits(c *call) (any, error) {
	d, err := forAccount(s, c, s.StandingData.DirectDebits, toDirectDebit)
	return bankconnect.DirectDebitsResponse{Data: d}, err
}

func (s *server) getScheduledPayments(c *call) (any, error) {
	d, err := forAccounts(s, c, s.StandingData.ScheduledPayments, toScheduledPayment)
	return bankconnect.ScheduledPaymentsResponse{Data: d}, err
}

func (s *server) getAccountScheduledPayments(c *call) (any, error) {
	d, err := forAccount(s, c, s.StandingData.ScheduledPayments, toScheduledPayment)
	return bankconnect.ScheduledPaymentsResponse{Data: d}, err
}

func (s *server) getStandingOrders(c *call) (any, error) {
	d, err := forAccounts(s, c, s.StandingData.StandingOrders, toStandingOrder)
	return bankconnect.StandingOrdersResponse{Data: d}, err
}

func (s *server) getAccountStandingOrders(c *call) (any, error) {
	d, err := forAccount(s, c, s.StandingData.StandingOrders, toStandingOrder)
	return bankconnect.StandingOrdersResponse{Data: d}, err
}

// getOffers serves GET /offers: the offers on the PSU's accounts, or on those among accountIds
// (OFF-010-010); an empty list when the PSU has none (OFF-010-020) or is unknown (OFF-010-030).
func (s *server) getOffers(c *call) (any, error) {
	d, err := forAccounts(s, c, s.StandingData.Offers, toOffer)
	return bankconnect.OffersResponse{Data: d}, err
}

func (s *server) getAccountOffers(c *call) (any, error) {
	d, err := forAccount(s, c, s.StandingData.Offers, toOffer)
	return bankconnect.OffersResponse{Data: d}, err
}

func (s *server) getBeneficiaries(c *call) (any, error) {
	d, err := forAccounts(s, c, s.StandingData.Beneficiaries, toBeneficiary)
	return bankconnect.BeneficiariesResponse{Data: d}, err
}

func (s *server) getAccountBeneficiaries(c *call) (any, error) {
	d, err := forAccount(s, c, s.StandingData.Beneficiaries, toBeneficiary)
	return bankconnect.BeneficiariesResponse{Data: d}, err
}

// getCustomerBeneficiaries serves GET /customer/beneficiaries: the beneficiaries of every account
// of the PSU (BEN-030-010); accountIds is not a parameter of this operation and is ignored.
func (s *server) getCustomerBeneficiaries(c *call) (any, error) {
	c.accountIDs = nil
	d, err := forAccounts(s, c, s.StandingData.Beneficiaries, toBeneficiary)
	return bankconnect.BeneficiariesResponse{Data: d}, err
}

// getProducts serves GET /products: every product the bank sells, each under its family.
func (s *server) getProducts(c *call) (any, error) {
	ps, err := s.StandingData.Products(c.r.Context())
	if err != nil {
		return nil, err
	}
	out := bankconnect.ProductsResponse{Data: make([]bankconnect.Product, len(ps))}
	for i, p := range ps {
		info := &bankconnect.ProductInfo{ProductID: p.ID, ProductName: p.Name, ProductType: p.Type}
		switch t := strings.ToLower(p.Type); {
		case strings.Contains(t, "creditcard") || p.Type == string(core.CreditCard):
			out.Data[i].CreditCards = info
		case strings.Contains(t, "loan") || strings.Contains(t, "mortgage"):
			out.Data[i].Loans = info
		case strings.Contains(t, "investment"):
			out.Data[i].Investment = info
		default:
			out.Data[i].CASA = info
		}
	}
	return out, nil
}

func toDirectDebit(d core.DirectDebit) bankconnect.DirectDebit {
	out := bankconnect.DirectDebit{
		AccountID: d.AccountID, DirectDebitID: d.ID, MandateIdentification: d.MandateID, Name: d.Name,
		DirectDebitStatusCode: activeStatus(d.Status),
	}
	if !d.PreviousPaymentAt.IsZero() {
		out.PreviousPaymentDateTime = dateTime(d.PreviousPaymentAt)
		a := amount(d.PreviousPaymentAmount, d.Currency)
		out.PreviousPaymentAmount = &a
	}
	return out
}

func toScheduledPayment(p core.ScheduledPayment) bankconnect.ScheduledPayment {
	out := bankconnect.ScheduledPayment{
		AccountID: p.AccountID, ScheduledPaymentID: p.ID, ScheduledType: bankconnect.ScheduledTypeExecution,
		Reference: p.Reference, InstructedAmount: amount(p.Amount, p.Currency),
		CreditorAgent: creditorAgent(p.Creditor), CreditorAccount: creditorAccount(p.Creditor),
	}
	if !p.ExecuteAt.IsZero() {
		out.ScheduledPaymentDateTime = dateTime(p.ExecuteAt)
	}
	return out
}

func toStandingOrder(o core.StandingOrder) bankconnect.StandingOrder {
	out := bankconnect.StandingOrder{
		AccountID: o.AccountID, StandingOrderID: o.ID, Frequency: o.Frequency, Reference: o.Reference,
		StandingOrderStatusCode: activeStatus(o.Status),
		CreditorAgent:           creditorAgent(o.Creditor), CreditorAccount: creditorAccount(o.Creditor),
	}
	a := amount(o.Amount, o.Currency)
	out.NextPaymentAmount = &a
	if !o.FirstPaymentAt.IsZero() {
		out.FirstPaymentDateTime = dateTime(o.FirstPaymentAt)
		out.FirstPaymentAmount = &a
	}
	if !o.NextPaymentAt.IsZero() {
		out.NextPaymentDateTime = dateTime(o.NextPaymentAt)
	}
	if !o.FinalPaymentAt.IsZero() {
		out.FinalPaymentDateTime = dateTime(o.FinalPaymentAt)
		out.FinalPaymentAmount = &a
	}
	return out
}

func toOffer(o core.Offer) bankconnect.Offer {
	out := bankconnect.Offer{AccountID: o.AccountID, OfferID: o.ID, OfferType: o.Type, Description: o.Description, Rate: o.Rate}
	if o.Amount != 0 {
		a := amount(o.Amount, "BRL")
		out.Amount = &a
	}
	if !o.StartAt.IsZero() {
		out.StartDateTime = dateTime(o.StartAt)
	}
	if !o.EndAt.IsZero() {
		out.EndDateTime = dateTime(o.EndAt)
	}
	return out
}

func toBeneficiary(b core.Beneficiary) bankconnect.Beneficiary {
	out := bankconnect.Beneficiary{AccountID: b.AccountID, BeneficiaryType: bankconnect.BeneficiaryTypeTrusted, BeneficiaryID: b.ID, Reference: b.Reference}
	switch {
	case b.Creditor.Number != "":
		n := accountNumber(b.Creditor.CompeCode, b.Creditor.BranchCode, b.Creditor.Number, b.Creditor.CheckDigit)
		out.CreditorAccount = &bankconnect.BeneficiaryAccount{SchemeName: n.SchemeName, Identification: n.Identification, Name: b.Creditor.Name}
	case b.PixKey != "":
		out.CreditorAccount = &bankconnect.BeneficiaryAccount{SchemeName: bankconnect.SchemeBRPixKey, Identification: b.PixKey, Name: b.Creditor.Name}
	}
	if b.Creditor.CompeCode != "" {
		out.Servicer = &bankconnect.Servicer{SchemeName: bankconnect.SchemeBRCOMPE, Identification: b.Creditor.CompeCode}
	}
	return out
}

// creditorAgent is the institution of a counterparty, by COMPE code.
func creditorAgent(c core.Counterparty) *bankconnect.Agent {
	if c.CompeCode == "" {
		return nil
	}
	return &bankconnect.Agent{SchemeName: bankconnect.SchemeBRCOMPE, Identification: c.CompeCode}
}

// creditorAccount is the account of a counterparty.
func creditorAccount(c core.Counterparty) *bankconnect.AccountNumber {
	if c.Number == "" {
		return nil
	}
	n := accountNumber(c.CompeCode, c.BranchCode, c.Number, c.CheckDigit)
	n.Name = c.Name
	return &n
}

// activeStatus normalises a status to the contract's Active/Inactive enums.
func activeStatus(s string) string {
	if s == "Inactive" || s == "INACTIVE" {
		return "Inactive"
	}
	return "Active"
}
