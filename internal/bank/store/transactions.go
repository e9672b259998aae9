package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// Page sizes of Transactions: the default when the filter leaves it zero, and the largest accepted (the
// Open Banking Brasil page-size maximum).
const (
	DefaultPageSize = 25
	MaxPageSize     = 1000
)

const transactionColumns = `account_id, booked_at, id, reference, credit_debit, status, kind, amount, currency, value_at,
	description, cp_name, cp_tax_id, cp_person_type, cp_compe_code, cp_branch_code, cp_number, cp_check_digit, payment_id`

func scanTransaction(r scanner) (core.Transaction, error) {
	var (
		t                     core.Transaction
		cd, kind              string
		booked, value, amount int64
	)
	c := &t.Counterparty
	if err := r.Scan(&t.AccountID, &booked, &t.ID, &t.Reference, &cd, &t.Status, &kind, &amount, &t.Currency, &value,
		&t.Description, &c.Name, &c.TaxID, &c.PersonType, &c.CompeCode, &c.BranchCode, &c.Number, &c.CheckDigit,
		&t.PaymentID); err != nil {
		return t, err
	}
	t.CreditDebit, t.Kind, t.Amount = core.CreditDebit(cd), core.TransactionKind(kind), core.Money(amount)
	t.BookedAt, t.ValueAt = fromMicros(booked), fromMicros(value)
	return t, nil
}

// appendTransaction appends t's column values in transactionColumns order to args; appending spares
// bulk loads a slice per row.
func appendTransaction(args []any, t core.Transaction) []any {
	c := t.Counterparty
	return append(args, t.AccountID, micros(t.BookedAt), t.ID, t.Reference, string(t.CreditDebit), t.Status, string(t.Kind),
		int64(t.Amount), t.Currency, micros(t.ValueAt), t.Description, c.Name, c.TaxID, c.PersonType, c.CompeCode,
		c.BranchCode, c.Number, c.CheckDigit, t.PaymentID)
}

// Transactions returns one page of the transactions matching f, newest first (booking time, then id),
// with the total count: two indexed queries whatever the page.
func (s *Store) Transactions(ctx context.Context, f core.TransactionFilter) (core.TransactionPage, error) {
	page, size := f.Page, f.PageSize
	switch {
	case page < 0:
		return core.TransactionPage{}, core.Errorf(core.EINVALID, "page %d must be 1 or more", page)
	case size < 0 || size > MaxPageSize:
		return core.TransactionPage{}, core.Errorf(core.EINVALID, "page size %d must be between 1 and %d", size, MaxPageSize)
	case f.CreditDebit != "" && f.CreditDebit != core.Credit && f.CreditDebit != core.Debit:
		return core.TransactionPage{}, core.Errorf(core.EINVALID, "credit/debit indicator %q must be Credit or Debit", f.CreditDebit)
	case !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To):
		return core.TransactionPage{}, core.Errorf(core.EINVALID, "the period starts (%s) after it ends (%s)",
			f.From.Format("2006-01-02T15:04:05Z07:00"), f.To.Format("2006-01-02T15:04:05Z07:00"))
	}
	if page == 0 {
		page = 1
	}
	if size == 0 {
		size = DefaultPageSize
	}
	result := core.TransactionPage{Page: page, PageSize: size}

	var where []string
	var args []any
	ids := unique(f.AccountIDs)
	if len(f.AccountIDs) > 0 {
		if len(ids) == 0 {
			return result, nil
		}
		in, a := inList(1, ids)
		where, args = append(where, "account_id IN ("+in+")"), a
	}
	if !f.From.IsZero() {
		args = append(args, micros(f.From))
		where = append(where, "booked_at >= $"+strconv.Itoa(len(args)))
	}
	if !f.To.IsZero() {
		args = append(args, micros(f.To))
		where = append(where, "booked_at <= $"+strconv.Itoa(len(args)))
	}
	if f.CreditDebit != "" {
		args = append(args, string(f.CreditDebit))
		where = append(where, "credit_debit = $"+strconv.Itoa(len(args)))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	cache := len(ids) <= maxCachedIn

	countRows, err := s.query(ctx, "SELECT COUNT(*) FROM transactions"+cond, cache, args...)
	if err != nil {
		return result, fmt.Errorf("count transactions: %w", err)
	}
	defer countRows.Close()
	if countRows.Next() {
		if err := countRows.Scan(&result.TotalRecords); err != nil {
			return result, fmt.Errorf("count transactions: %w", err)
		}
	}
	if err := countRows.Close(); err != nil {
		return result, fmt.Errorf("count transactions: %w", err)
	}
	result.TotalPages = (result.TotalRecords + size - 1) / size
	offset := (page - 1) * size
	if offset >= result.TotalRecords {
		return result, nil
	}

	n := len(args)
	args = append(args, size, offset)
	rows, err := s.query(ctx, "SELECT "+transactionColumns+" FROM transactions"+cond+
		fmt.Sprintf(" ORDER BY booked_at DESC, id DESC LIMIT $%d OFFSET $%d", n+1, n+2), cache, args...)
	if err != nil {
		return result, fmt.Errorf("read transactions: %w", err)
	}
	defer rows.Close()
	result.Transactions = make([]core.Transaction, 0, min(size, result.TotalRecords-offset))
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return result, fmt.Errorf("read transactions: %w", err)
		}
		result.Transactions = append(result.Transactions, t)
	}
	if err := rows.Err(); err != nil {
		return result, fmt.Errorf("read transactions: %w", err)
	}
	return result, nil
}
