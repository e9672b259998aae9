package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// BankRules are the bank-wide rules every payment obeys.
type BankRules struct {
	// ISPB is this bank's ISPB: debtor accounts must be held here, and a creditor account here is
	// credited directly instead of through the PIX settlement account.
	ISPB string
	// MaxPerPayment is the largest single payment the bank accepts from any account (default
	// DefaultMaxPerPayment); an account's own Limits.PerPayment may only lower it.
	MaxPerPayment Money
	// MaxScheduleDays is how far ahead a consent may schedule its payment (default 365, the OBB
	// limit for scheduled single payments).
	MaxScheduleDays int
	// Location is the calendar payment dates are counted in (default UTC−3, Brasília time, which has
	// no daylight saving since 2019).
	Location *time.Location
}

// DefaultMaxPerPayment is the bank-wide ceiling of one payment when BankRules leaves it zero.
const DefaultMaxPerPayment Money = 1_000_000_00

// PaymentDeps are what a PaymentService works with. The reference store provides every reader and
// store; Consents is the platform's consent manager client.
type PaymentDeps struct {
	Accounts  AccountReader
	Finder    AccountFinder
	Customers CustomerReader
	// Users, when set, lets the common case — the PSU pays from an account of their own — be decided
	// from the login identity alone, without loading every customer the PSU may act for.
	Users    UserReader
	Payments PaymentStore
	Lookup   PaymentLookup
	Consents ConsentReader
	Rules    BankRules
	// Clock tells the time (default time.Now).
	Clock Clock
	// NewID returns a new payment id (default a random UUID v4).
	NewID func() string
	// Executed, when set, is called after a new payment is stored (accepted or rejected), so the
	// settlement worker can start on it at once.
	Executed func(Payment)
}

// PaymentService is the bank's payment initiation logic behind the Bank Connect PIS operations:
// validating a payment consent before the platform saves it (steps 2002–2006) and executing the
// payment the customer authorised, exactly once (steps 6012–6015).
type PaymentService struct {
	d PaymentDeps
}

// NewPaymentService returns a PaymentService over d, filling defaults. It fails when a dependency is
// missing or the bank's ISPB is not 8 digits.
func NewPaymentService(d PaymentDeps) (*PaymentService, error) {
	switch {
	case d.Accounts == nil || d.Finder == nil || d.Customers == nil || d.Payments == nil || d.Lookup == nil:
		return nil, errors.New("payment service: the accounts, customers, finder, payments and lookup stores are required")
	case d.Consents == nil:
		return nil, errors.New("payment service: a consent reader (the platform's consent manager) is required")
	case !ValidISPB(d.Rules.ISPB):
		return nil, fmt.Errorf("payment service: the bank's ISPB %q must be 8 digits", d.Rules.ISPB)
	}
	if d.Rules.MaxPerPayment <= 0 {
		d.Rules.MaxPerPayment = DefaultMaxPerPayment
	}
	if d.Rules.MaxScheduleDays <= 0 {
		d.Rules.MaxScheduleDays = 365
	}
	if d.Rules.Location == nil {
		d.Rules.Location = time.FixedZone("BRT", -3*60*60)
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.NewID == nil {
		d.NewID = NewUUID
	}
	return &PaymentService{d: d}, nil
}

// Rules returns the bank rules in force, defaults filled in.
func (s *PaymentService) Rules() BankRules { return s.d.Rules }

// NewUUID returns a random (version 4) UUID, the form payment ids take.
func NewUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// ValidateConsent checks a payment consent before the platform saves it (step 2004): the terms are a
// payment the bank can make (positive amount in BRL within the limits, a well-formed creditor
// consistent with its local instrument, a date that is today or a permitted future day) and, when the
// consent already names a debtor account (accountIds, or the TPP's debtorAccount), that the account is
// held here, can pay and, when the PSU is known, is the PSU's. An error means the bank could not
// decide (a store failure), never that the consent is invalid.
func (s *PaymentService) ValidateConsent(ctx context.Context, c PaymentConsent) (ConsentVerdict, error) {
	if v := s.checkTerms(c.Type, c.Terms, true); !v.Valid {
		return v, nil
	}
	var acct Account
	var err error
	switch {
	case len(c.AccountIDs) > 0:
		acct, err = s.d.Accounts.Account(ctx, c.AccountIDs[0])
	case c.Terms.Debtor != nil:
		d := c.Terms.Debtor
		if d.ISPB != s.d.Rules.ISPB {
			return invalid(VerdictInvalidAccount, "the debtor account's ISPB %s is not this bank's (%s)", d.ISPB, s.d.Rules.ISPB), nil
		}
		acct, err = s.d.Finder.AccountByNumber(ctx, d.Branch, d.Number, d.CheckDigit)
	default:
		// The customer chooses the debtor account at authorisation; nothing more to check now.
		return s.checkCreditorHere(ctx, c.Terms.Creditor, "")
	}
	if ErrorCode(err) == ENOTFOUND {
		return invalid(VerdictInvalidAccount, "the debtor account does not exist at this bank"), nil
	}
	if err != nil {
		return ConsentVerdict{}, fmt.Errorf("validate consent %s: %w", c.ID, err)
	}
	if why := cannotPay(acct); why != "" {
		return invalid(VerdictInvalidAccount, "%s", why), nil
	}
	if c.UserID != "" {
		why, err := s.notPayableBy(ctx, acct, c.UserID, c.Terms.Amount)
		if err != nil {
			return ConsentVerdict{}, fmt.Errorf("validate consent %s: %w", c.ID, err)
		}
		if why != "" {
			return invalid(VerdictInvalidAccount, "%s", why), nil
		}
	}
	if acct.Limits.PerPayment > 0 && c.Terms.Amount > acct.Limits.PerPayment {
		return invalid(VerdictLimitExceeded, "the amount %s is above the account's limit of %s per payment", c.Terms.Amount, acct.Limits.PerPayment), nil
	}
	return s.checkCreditorHere(ctx, c.Terms.Creditor, acct.ID)
}

// checkTerms checks the terms themselves, without any stored data. A PIX consent must name the
// creditor (OBB CreatePaymentConsentData.creditor is required).
func (s *PaymentService) checkTerms(typ PaymentType, t PaymentTerms, consent bool) ConsentVerdict {
	if typ != PaymentPIX && typ != PaymentDomestic {
		return invalid(VerdictInvalidPaymentMethod, "payment type %q is not supported (%s or %s)", clip(string(typ)), PaymentPIX, PaymentDomestic)
	}
	if t.Amount <= 0 {
		return invalid(VerdictInvalidAmount, "the amount must be positive")
	}
	if t.Currency != "BRL" {
		return invalid(VerdictInvalidAmount, "the currency must be BRL, not %q", clip(t.Currency))
	}
	if t.Amount > s.d.Rules.MaxPerPayment {
		return invalid(VerdictLimitExceeded, "the amount %s is above the bank's limit of %s per payment", t.Amount, s.d.Rules.MaxPerPayment)
	}
	c := t.Creditor
	if consent && typ == PaymentPIX && c.TaxID == "" {
		return invalid(VerdictMissing, "the creditor's name, personType and cpfCnpj are required")
	}
	if t.LocalInstrument != "" {
		if !ValidLocalInstrument(t.LocalInstrument) {
			return invalid(VerdictInvalidPaymentMethod, "localInstrument %q is not one of MANU, DICT, INIC, QRDN, QRES", clip(string(t.LocalInstrument)))
		}
		if err := CheckPixTerms(PixTerms{LocalInstrument: t.LocalInstrument, Creditor: c, QRCode: t.QRCode}); err != nil {
			return invalid(VerdictInvalidDetail, "%s", ErrorMessage(err))
		}
	} else if v := checkCreditorParts(c, t.QRCode); !v.Valid {
		return v
	}
	if !consent && c.PixKey == "" && c.Number == "" {
		return invalid(VerdictMissing, "the creditor's PIX key or account is required")
	}
	if !t.Date.IsZero() {
		today := s.today()
		day := dayOf(t.Date, s.d.Rules.Location)
		if day.Before(today) {
			return invalid(VerdictInvalidDate, "the payment date %s is in the past", day.Format(time.DateOnly))
		}
		if day.After(today.AddDate(0, 0, s.d.Rules.MaxScheduleDays)) {
			return invalid(VerdictInvalidDate, "the payment date %s is more than %d days ahead", day.Format(time.DateOnly), s.d.Rules.MaxScheduleDays)
		}
	}
	return validVerdict
}

// checkCreditorParts checks each creditor part a body without a local instrument gives.
func checkCreditorParts(c Creditor, qr string) ConsentVerdict {
	if err := CheckCreditorIdentity(c); err != nil {
		return invalid(VerdictInvalidDetail, "%s", ErrorMessage(err))
	}
	if c.PixKey != "" {
		if _, err := ClassifyPixKey(c.PixKey); err != nil {
			return invalid(VerdictInvalidDetail, "%s", ErrorMessage(err))
		}
	}
	if c.ISPB != "" || c.Number != "" || c.Issuer != "" || c.AccountType != "" {
		if err := CheckCreditorAccount(c); err != nil {
			return invalid(VerdictInvalidDetail, "%s", ErrorMessage(err))
		}
	}
	if qr != "" {
		if err := CheckQRCode(qr); err != nil {
			return invalid(VerdictInvalidDetail, "%s", ErrorMessage(err))
		}
	}
	return validVerdict
}

// checkCreditorHere checks a creditor account held at this bank: it must exist, be open and differ
// from the debtor account.
func (s *PaymentService) checkCreditorHere(ctx context.Context, c Creditor, debtorID string) (ConsentVerdict, error) {
	acct, found, err := s.creditorHere(ctx, c)
	if err != nil {
		return ConsentVerdict{}, err
	}
	if !found {
		if c.ISPB == s.d.Rules.ISPB && c.Number != "" {
			return invalid(VerdictInvalidDetail, "the creditor account does not exist at this bank"), nil
		}
		return validVerdict, nil
	}
	if acct.Status != AccountEnabled {
		return invalid(VerdictInvalidDetail, "the creditor account cannot receive payments (%s)", acct.Status), nil
	}
	if acct.ID == debtorID {
		return invalid(VerdictInvalidDetail, "the creditor account is the debtor account"), nil
	}
	return validVerdict, nil
}

// creditorHere finds the creditor's account when it is held at this bank.
func (s *PaymentService) creditorHere(ctx context.Context, c Creditor) (Account, bool, error) {
	if c.ISPB != s.d.Rules.ISPB || len(c.Number) < 2 {
		return Account{}, false, nil
	}
	n := c.Number[:len(c.Number)-1]
	cd := c.Number[len(c.Number)-1:]
	acct, err := s.d.Finder.AccountByNumber(ctx, c.Issuer, n, cd)
	if ErrorCode(err) == ENOTFOUND {
		return Account{}, false, nil
	}
	if err != nil {
		return Account{}, false, fmt.Errorf("find creditor account: %w", err)
	}
	return acct, true, nil
}

// cannotPay says why an account cannot be debited by a payment, or "" when it can.
func cannotPay(a Account) string {
	switch {
	case a.Status != AccountEnabled:
		return fmt.Sprintf("the debtor account is %s", strings.ToLower(a.Status))
	case a.Type == CreditCard:
		return "a credit-card account cannot be the debtor of a PIX payment"
	case a.Currency != "" && a.Currency != "BRL":
		return fmt.Sprintf("the debtor account holds %s, not BRL", a.Currency)
	}
	return ""
}

// debtor reads the payment's debtor account and the customer id of the paying user ("" when unknown),
// in one read when the store offers DebtorReader, else from the user reader when one is configured.
func (s *PaymentService) debtor(ctx context.Context, accountID, userID string) (Account, string, error) {
	if dr, ok := s.d.Accounts.(DebtorReader); ok {
		return dr.DebtorAccount(ctx, accountID, userID)
	}
	acct, err := s.d.Accounts.Account(ctx, accountID)
	if err != nil || s.d.Users == nil {
		return acct, "", err
	}
	u, err := s.d.Users.User(ctx, userID)
	if ErrorCode(err) == ENOTFOUND {
		return acct, "", nil
	}
	if err != nil {
		return acct, "", fmt.Errorf("user: %w", err)
	}
	return acct, u.CustomerID, nil
}

// notPayableBy says why the login user may not pay amount from acct, or "" when they may: the account
// must be held by the user's own customer, or by a company the user represents with the power to pay
// (Powers.Pay) up to the representative's limit.
func (s *PaymentService) notPayableBy(ctx context.Context, acct Account, userID string, amount Money) (string, error) {
	customers, err := s.d.Customers.CustomersOfUser(ctx, userID)
	if ErrorCode(err) == ENOTFOUND {
		return "the PSU is not a customer of this bank", nil
	}
	if err != nil {
		return "", fmt.Errorf("customers of user: %w", err)
	}
	if len(customers) == 0 {
		return "the PSU is not a customer of this bank", nil
	}
	self := customers[0].ID
	for _, c := range customers {
		if c.ID != acct.CustomerID {
			continue
		}
		if c.ID == self || c.BusinessProfile == nil {
			return "", nil
		}
		for _, r := range c.BusinessProfile.Representatives {
			if r.CustomerID != self {
				continue
			}
			if !r.Powers.Pay {
				return "the PSU may not make payments for this company", nil
			}
			if r.Powers.PayLimit > 0 && amount > r.Powers.PayLimit {
				return fmt.Sprintf("the amount %s is above the PSU's limit of %s for this company", amount, r.Powers.PayLimit), nil
			}
			return "", nil
		}
		return "the PSU may not make payments for this company", nil
	}
	return "the debtor account is not one of the PSU's accounts", nil
}

// PaymentRequest is a POST /payments call after the adapter decoded it: the context headers, the
// TPP's payment body in core terms, and that body as received.
type PaymentRequest struct {
	Type           PaymentType
	ConsentID      string // o3-consent-id
	UserID         string // o3-psu-identifier's userId
	IdempotencyKey string // the TPP's x-idempotency-key, from requestHeaders
	TPPClientID    string
	Terms          PaymentTerms
	Request        []byte
}

// Execute makes the payment r asks for, exactly once (step 6013): a repeated request for the same
// consent or the same idempotency key returns the first payment with created=false and moves no money.
// Otherwise it reads the consent from the platform's consent manager and refuses (an error) unless the
// consent is Authorised, belongs to the PSU and its terms match the payment's; the debtor is the
// account the customer chose at authorisation, accountIds[0]. A payment the bank will not make for a
// reason of the accounts — insufficient funds (AM04), the account's limit (AM02), a blocked or closed
// debtor (AC06/AC04), a creditor account here that cannot receive (AC03) — is stored Rejected with
// that reason, not returned as an error.
func (s *PaymentService) Execute(ctx context.Context, r PaymentRequest) (p Payment, created bool, err error) {
	if r.ConsentID == "" {
		return Payment{}, false, Errorf(EINVALID, "the o3-consent-id header is required to make a payment")
	}
	if r.UserID == "" {
		return Payment{}, false, Errorf(EINVALID, "the o3-psu-identifier header is required to make a payment")
	}
	if v := s.checkTerms(r.Type, r.Terms, false); !v.Valid {
		return Payment{}, false, &Error{Code: EINVALID, Message: v.Description}
	}
	// A new payment reads its consent first; a repeat of an Authorised consent's payment is answered
	// by ExecutePayment, which finds the first payment under the same lock that would create it.
	c, err := s.d.Consents.PaymentConsent(ctx, r.ConsentID)
	if err != nil {
		// The platform may retry while its consent manager is unavailable: an earlier payment is
		// still the answer.
		if p, ok, lerr := s.earlier(ctx, r); ok || lerr != nil {
			return p, false, lerr
		}
		return Payment{}, false, fmt.Errorf("read consent %s: %w", r.ConsentID, err)
	}
	if c.Status != ConsentAuthorised {
		// The platform marks the consent Consumed once the first payment returns (step 6016); a retry
		// then finds that payment here.
		if p, ok, err := s.earlier(ctx, r); ok || err != nil {
			return p, false, err
		}
		return Payment{}, false, Errorf(EFORBIDDEN, "consent %s is %s, not Authorised", clip(r.ConsentID), c.Status)
	}
	if c.UserID != r.UserID {
		return Payment{}, false, Errorf(EFORBIDDEN, "consent %s does not belong to the PSU", clip(r.ConsentID))
	}
	if len(c.AccountIDs) == 0 {
		return Payment{}, false, Errorf(EFORBIDDEN, "consent %s names no debtor account", clip(r.ConsentID))
	}
	if c.Type != r.Type {
		return Payment{}, false, Errorf(EINVALID, "the payment type %s differs from the consent's %s", r.Type, c.Type)
	}
	if err := s.matchTerms(c.Terms, r.Terms); err != nil {
		return Payment{}, false, err
	}

	debtor, userCustomer, err := s.debtor(ctx, c.AccountIDs[0], r.UserID)
	if ErrorCode(err) == ENOTFOUND {
		return Payment{}, false, Errorf(EFORBIDDEN, "the consent's debtor account does not exist at this bank")
	}
	if err != nil {
		return Payment{}, false, fmt.Errorf("read debtor account: %w", err)
	}
	if debtor.Type == CreditCard || (debtor.Currency != "" && debtor.Currency != "BRL") {
		return Payment{}, false, Errorf(EFORBIDDEN, "%s", cannotPay(debtor))
	}
	why := ""
	if userCustomer == "" || userCustomer != debtor.CustomerID {
		if why, err = s.notPayableBy(ctx, debtor, r.UserID, r.Terms.Amount); err != nil {
			return Payment{}, false, err
		}
	}
	if why != "" {
		return Payment{}, false, Errorf(EFORBIDDEN, "%s", why)
	}

	now := s.d.Clock().UTC()
	order := PaymentOrder{
		Type:            r.Type,
		ConsentID:       r.ConsentID,
		IdempotencyKey:  r.IdempotencyKey,
		UserID:          r.UserID,
		DebtorAccountID: debtor.ID,
		Amount:          r.Terms.Amount,
		Currency:        r.Terms.Currency,
		Creditor:        mergeCreditor(c.Terms.Creditor, r.Terms.Creditor),
		LocalInstrument: firstInstrument(r.Terms.LocalInstrument, c.Terms.LocalInstrument),
		Date:            firstDate(c.Terms.Date, r.Terms.Date),
		RemittanceInfo:  r.Terms.RemittanceInfo,
		EndToEndID:      NewEndToEndID(s.d.Rules.ISPB, now),
		TPPClientID:     r.TPPClientID,
		Request:         r.Request,
	}
	p = Payment{ID: s.d.NewID(), Order: order, Status: PaymentPending, CreatedAt: now, UpdatedAt: now}

	// The store decides, under the debtor's lock, what depends on the accounts' current state: a
	// closed or blocked debtor (AC04/AC06), the account's limit (AM02), a creditor here that cannot
	// receive (AC03) and insufficient funds (AM04).
	creditor, found, err := s.creditorHere(ctx, order.Creditor)
	if err != nil {
		return Payment{}, false, err
	}
	switch {
	case found && creditor.ID == debtor.ID:
		return Payment{}, false, Errorf(EINVALID, "the creditor account is the debtor account")
	case found:
		p.Internal, p.CreditorAccountID = true, creditor.ID
	case order.Creditor.ISPB == s.d.Rules.ISPB && order.Creditor.Number != "":
		return Payment{}, false, Errorf(EINVALID, "the creditor account does not exist at this bank")
	}

	stored, created, err := s.d.Payments.ExecutePayment(ctx, p)
	if err != nil {
		return Payment{}, false, fmt.Errorf("execute payment for consent %s: %w", r.ConsentID, err)
	}
	if !created {
		if err := sameOrder(stored, r); err != nil {
			return Payment{}, false, err
		}
		return stored, false, nil
	}
	if s.d.Executed != nil {
		s.d.Executed(stored)
	}
	return stored, true, nil
}

// earlier returns the payment an earlier request for the same consent or idempotency key created.
func (s *PaymentService) earlier(ctx context.Context, r PaymentRequest) (Payment, bool, error) {
	p, err := s.d.Lookup.PaymentByOrder(ctx, r.ConsentID, r.IdempotencyKey)
	if ErrorCode(err) == ENOTFOUND {
		return Payment{}, false, nil
	}
	if err != nil {
		return Payment{}, false, fmt.Errorf("look up earlier payment: %w", err)
	}
	if err := sameOrder(p, r); err != nil {
		return Payment{}, false, err
	}
	return p, true, nil
}

// sameOrder refuses to hand an earlier payment to a request that is not a repeat of its order: an
// idempotency key reused for another consent, or another PSU's request.
func sameOrder(p Payment, r PaymentRequest) error {
	if p.Order.ConsentID != r.ConsentID {
		return Errorf(ECONFLICT, "the idempotency key was already used for a payment under another consent")
	}
	if p.Order.UserID != r.UserID {
		return Errorf(EFORBIDDEN, "consent %s does not belong to the PSU", clip(r.ConsentID))
	}
	return nil
}

// matchTerms checks that a payment asks for what its consent authorised (step 6008, "ensure consent and
// payment request match"): the same amount and currency, the same creditor wherever both name a part
// of it, the same local instrument and QR code when both give one, and a date the consent allows.
func (s *PaymentService) matchTerms(consent, pay PaymentTerms) error {
	if pay.Amount != consent.Amount || pay.Currency != consent.Currency {
		return Errorf(EINVALID, "the payment's amount %s %s differs from the consent's %s %s",
			pay.Amount, clip(pay.Currency), consent.Amount, consent.Currency)
	}
	if pay.LocalInstrument != "" && consent.LocalInstrument != "" && pay.LocalInstrument != consent.LocalInstrument {
		return Errorf(EINVALID, "the payment's localInstrument %s differs from the consent's %s", pay.LocalInstrument, consent.LocalInstrument)
	}
	if pay.QRCode != "" && consent.QRCode != "" && pay.QRCode != consent.QRCode {
		return Errorf(EINVALID, "the payment's QR code differs from the consent's")
	}
	pc, cc := pay.Creditor, consent.Creditor
	for _, f := range []struct{ name, a, b string }{
		{"PIX key", pc.PixKey, cc.PixKey},
		{"ISPB", pc.ISPB, cc.ISPB},
		{"branch", pc.Issuer, cc.Issuer},
		{"account number", strings.TrimLeft(pc.Number, "0"), strings.TrimLeft(cc.Number, "0")},
		{"account type", pc.AccountType, cc.AccountType},
		{"document", pc.TaxID, cc.TaxID},
	} {
		if f.a != "" && f.b != "" && f.a != f.b {
			return Errorf(EINVALID, "the payment's creditor %s differs from the consent's", f.name)
		}
	}
	if cc.TaxID != "" && pc.PixKey != "" && pc.PixKey != cc.TaxID {
		// A CPF or CNPJ key is its holder's document (DICT), so it must be the consented creditor's.
		if kt, err := ClassifyPixKey(pc.PixKey); err == nil && (kt == KeyCPF || kt == KeyCNPJ) {
			return Errorf(EINVALID, "the payment's %s PIX key is not the consent's creditor", kt)
		}
	}
	loc := s.d.Rules.Location
	if !consent.Date.IsZero() {
		if dayOf(consent.Date, loc).Before(s.today()) {
			return Errorf(EINVALID, "the consent's payment date %s has passed", consent.Date.In(loc).Format(time.DateOnly))
		}
		if !pay.Date.IsZero() && !dayOf(pay.Date, loc).Equal(dayOf(consent.Date, loc)) {
			return Errorf(EINVALID, "the payment's date differs from the consent's")
		}
	}
	return nil
}

// Payment returns one payment. A non-empty consentID or userID (the o3-consent-id and
// o3-psu-identifier of the call) must match the payment's, or it is ENOTFOUND: the platform sees only
// the payments of the consent it is asking about.
func (s *PaymentService) Payment(ctx context.Context, id, consentID, userID string) (Payment, error) {
	p, err := s.d.Payments.Payment(ctx, id)
	if err != nil {
		return Payment{}, err
	}
	if (consentID != "" && p.Order.ConsentID != consentID) || (userID != "" && p.Order.UserID != userID) {
		return Payment{}, Errorf(ENOTFOUND, "payment %s not found", clip(id))
	}
	return p, nil
}

func (s *PaymentService) today() time.Time { return dayOf(s.d.Clock(), s.d.Rules.Location) }

// dayOf returns midnight of t's calendar day in loc.
func dayOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// mergeCreditor is the consent's creditor with the parts the payment adds (the account or key a
// phase-3 PIX payment carries and its consent does not).
func mergeCreditor(consent, pay Creditor) Creditor {
	c := consent
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&c.Name, pay.Name}, {&c.TaxID, pay.TaxID}, {&c.PersonType, pay.PersonType}, {&c.PixKey, pay.PixKey},
		{&c.ISPB, pay.ISPB}, {&c.Issuer, pay.Issuer}, {&c.Number, pay.Number}, {&c.AccountType, pay.AccountType},
	} {
		if *f.dst == "" {
			*f.dst = f.src
		}
	}
	return c
}

func firstInstrument(a, b LocalInstrument) LocalInstrument {
	if a != "" {
		return a
	}
	return b
}

func firstDate(a, b time.Time) time.Time {
	if !a.IsZero() {
		return a
	}
	return b
}

// NewEndToEndID returns a PIX endToEndId for a payment this bank initiates at t (OBB
// ResponsePixPaymentData.endToEndId; BCB "Manual de Padrões para Iniciação do Pix"): "E", the
// initiating institution's ISPB, the UTC date and minute yyyyMMddHHmm, and 11 random alphanumerics.
func NewEndToEndID(ispb string, t time.Time) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var r [11]byte
	rand.Read(r[:])
	for i := range r {
		r[i] = alnum[int(r[i])%len(alnum)]
	}
	return "E" + ispb + t.UTC().Format("200601021504") + string(r[:])
}
