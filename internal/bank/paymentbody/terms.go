package paymentbody

import (
	"errors"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// amountTerms reads an amount and currency: the amount must be a non-negative decimal with exactly two
// places (OBB pattern ^\d{1,16}\.\d{2}$), the currency three letters. Whether they are positive and
// BRL is the payment service's rule, so the verdict can say so.
func amountTerms(amount bankconnect.DecimalAmount, currency, where string) (core.PaymentTerms, error) {
	if amount == "" {
		return core.PaymentTerms{}, missing(where + ".amount")
	}
	if strings.HasPrefix(string(amount), "-") {
		return core.PaymentTerms{}, fieldErr(core.VerdictInvalidAmount, "%s.amount must not be negative", where)
	}
	m, err := core.ParseMoney(string(amount))
	if err != nil {
		return core.PaymentTerms{}, fieldErr(core.VerdictInvalidAmount, "%s.amount: %s", where, core.ErrorMessage(err))
	}
	if currency == "" {
		return core.PaymentTerms{}, missing(where + ".currency")
	}
	if len(currency) != 3 {
		return core.PaymentTerms{}, fieldErr(core.VerdictInvalidAmount, "%s.currency %q is not an ISO 4217 code", where, clip(currency))
	}
	return core.PaymentTerms{Amount: m, Currency: currency}, nil
}

// setAccount copies an OBB account into the creditor. rc1 gives the check digit apart; v1 writes it
// at the end of number, which is how core.Creditor keeps it.
func setAccount(c *core.Creditor, a *bankconnect.PixAccount) {
	if a == nil {
		return
	}
	c.ISPB = a.ISPB
	c.Issuer = first(a.BranchCode, a.Issuer)
	c.Number = a.Number + a.CheckDigit
	c.AccountType = a.AccountType
}

// Dates are kept at noon UTC of their calendar day, so the day is the same in every time zone from
// UTC−11 to UTC+11, the Brasília calendar the payment rules count in included.
func noonUTC(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func parseDay(s, where string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fieldErr(core.VerdictInvalidDate, "%s %q is not a date (YYYY-MM-DD)", where, clip(s))
	}
	return noonUTC(t.Date()), nil
}

// parseDateTime reads an RFC 3339 date-time as the payment day it names. An instant is a day of the
// Brasília calendar, the one payment dates are counted in ("2026-06-30T01:00:00Z" is the 29th there);
// a bare midnight UTC ("2021-01-01T00:00:00Z", as OBB rc1's example writes a day) is that UTC date.
func parseDateTime(s, where string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fieldErr(core.VerdictInvalidDate, "%s %q is not an RFC 3339 date-time", where, clip(s))
	}
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return noonUTC(t.Date()), nil
	}
	return noonUTC(t.In(brasilia).Date()), nil
}

// brasilia is Brasília time, UTC−3 without daylight saving since 2019.
var brasilia = time.FixedZone("BRT", -3*60*60)

// initiationTerms reads a UK domestic payment's Initiation with the Brazilian schemes.
func initiationTerms(in *bankconnect.DomesticInitiation, where string) (core.PaymentTerms, error) {
	if in == nil {
		return core.PaymentTerms{}, missing(where)
	}
	if in.InstructedAmount == nil {
		return core.PaymentTerms{}, missing(where + ".InstructedAmount")
	}
	t, err := amountTerms(in.InstructedAmount.Amount, in.InstructedAmount.Currency, where+".InstructedAmount")
	if err != nil {
		return core.PaymentTerms{}, err
	}
	if in.CreditorAccount == nil {
		return core.PaymentTerms{}, missing(where + ".CreditorAccount")
	}
	ca := in.CreditorAccount
	t.Creditor.Name = ca.Name
	switch ca.SchemeName {
	case bankconnect.SchemeBRPixKey:
		t.Creditor.PixKey = ca.Identification
	case bankconnect.SchemeBRISPBAccount:
		ref, err := ispbAccount(ca, where+".CreditorAccount")
		if err != nil {
			return core.PaymentTerms{}, err
		}
		t.Creditor.ISPB, t.Creditor.Issuer, t.Creditor.Number, t.Creditor.AccountType = ref.ISPB, ref.Branch, ref.Number+ref.CheckDigit, ref.AccountType
	default:
		return core.PaymentTerms{}, core.Errorf(core.EINVALID, "%s.CreditorAccount.SchemeName %q is not %s or %s",
			where, clip(ca.SchemeName), bankconnect.SchemeBRPixKey, bankconnect.SchemeBRISPBAccount)
	}
	if li := core.LocalInstrument(in.LocalInstrument); core.ValidLocalInstrument(li) {
		t.LocalInstrument = li
	}
	if da := in.DebtorAccount; da != nil {
		if da.SchemeName != bankconnect.SchemeBRISPBAccount {
			return core.PaymentTerms{}, core.Errorf(core.EINVALID, "%s.DebtorAccount.SchemeName must be %s", where, bankconnect.SchemeBRISPBAccount)
		}
		ref, err := ispbAccount(da, where+".DebtorAccount")
		if err != nil {
			return core.PaymentTerms{}, err
		}
		t.Debtor = &ref
	}
	if r := in.RemittanceInformation; r != nil {
		t.RemittanceInfo = first(r.Unstructured, r.Reference)
	}
	t.EndToEndID = in.EndToEndIdentification
	return t, nil
}

// ispbAccount reads Identification "ISPB-BRANCH-NUMBER-CHECKDIGIT"; SecondaryIdentification may
// give the PIX account type (default CACC).
func ispbAccount(a *bankconnect.DomesticAccount, where string) (core.AccountRef, error) {
	parts := strings.Split(a.Identification, "-")
	if len(parts) != 4 || parts[0] == "" || parts[1] == "" || parts[2] == "" || parts[3] == "" {
		return core.AccountRef{}, core.Errorf(core.EINVALID, "%s.Identification %q must be ISPB-BRANCH-NUMBER-CHECKDIGIT", where, clip(a.Identification))
	}
	ref := core.AccountRef{ISPB: parts[0], Branch: parts[1], Number: parts[2], CheckDigit: parts[3], AccountType: "CACC"}
	switch a.SecondaryIdentification {
	case "":
	case "CACC", "SLRY", "SVGS", "TRAN":
		ref.AccountType = a.SecondaryIdentification
	default:
		return core.AccountRef{}, core.Errorf(core.EINVALID, "%s.SecondaryIdentification %q is not a PIX account type (CACC, SLRY, SVGS, TRAN)", where, clip(a.SecondaryIdentification))
	}
	return ref, nil
}

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }
