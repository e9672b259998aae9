package store

import (
	"context"
	"strings"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// The lookups the payment service needs besides core.Store: the payment an earlier request created,
// so a retry is answered before the platform is asked again, and an account by the numbers the payment
// system names it by, for debtor and creditor accounts given by branch and number.
var (
	_ core.PaymentLookup = (*Store)(nil)
	_ core.AccountFinder = (*Store)(nil)
)

// PaymentByOrder returns the payment created for consentID, or else for the non-empty idempotencyKey
// (core.PaymentLookup).
func (s *Store) PaymentByOrder(ctx context.Context, consentID, idempotencyKey string) (core.Payment, error) {
	p, found, err := existingPayment(ctx, dbQuerier{s}, core.Payment{Order: core.PaymentOrder{ConsentID: consentID, IdempotencyKey: idempotencyKey}})
	if err != nil {
		return core.Payment{}, err
	}
	if !found {
		return core.Payment{}, core.Errorf(core.ENOTFOUND, "no payment for consent %s", consentID)
	}
	return p, nil
}

// AccountByNumber returns the account with branch, number and check digit (core.AccountFinder).
// Leading zeros of the number are not significant: the stored number and the one given are compared
// without them.
func (s *Store) AccountByNumber(ctx context.Context, branch, number, checkDigit string) (core.Account, error) {
	trimmed := strings.TrimLeft(number, "0")
	rows, err := s.query(ctx, `SELECT `+accountColumns+` FROM accounts
		WHERE branch_code = $1 AND check_digit = $2 AND (number = $3 OR LTRIM(number, '0') = $4)`, true,
		branch, checkDigit, number, trimmed)
	if err != nil {
		return core.Account{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return core.Account{}, err
		}
		return core.Account{}, core.Errorf(core.ENOTFOUND, "no account %s-%s at branch %s", number, checkDigit, branch)
	}
	return scanAccount(rows)
}
