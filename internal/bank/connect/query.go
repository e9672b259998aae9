package connect

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// Limits on query strings.
const (
	maxQueryLen     = 4096
	maxIDLen        = 128 // one account or contract id
	maxPage         = 1_000_000
	defaultMaxIDs   = 100
	defaultPageSize = 25
)

// parseQuery parses a raw query string strictly: url.Values from r.URL.Query() silently drops what it
// cannot decode, which would turn a malformed filter into no filter at all.
func parseQuery(raw string) (url.Values, error) {
	if len(raw) > maxQueryLen {
		return nil, core.Errorf(codeTooLarge, "query string is longer than %d bytes", maxQueryLen)
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, invalid("query string is malformed")
	}
	return q, nil
}

// single returns the one value of a query parameter, "" when absent, and refuses repeats.
func single(q url.Values, name string) (string, error) {
	vs := q[name]
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
		return strings.TrimSpace(vs[0]), nil
	default:
		return "", invalid("query parameter %s must be given once", name)
	}
}

// parseAccountIDs reads the comma-separated accountIds parameter: nil when absent or empty, the ids
// in order without duplicates otherwise. At most max ids are accepted.
func parseAccountIDs(q url.Values, max int) ([]string, error) {
	v, err := single(q, bankconnect.QueryAccountIDs)
	if err != nil || v == "" {
		return nil, err
	}
	if n := strings.Count(v, ",") + 1; n > max {
		return nil, invalid("accountIds holds %d ids; at most %d are accepted", n, max)
	}
	parts := strings.Split(v, ",")
	ids := make([]string, 0, len(parts))
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if err := checkID("accountIds", p); err != nil {
			return nil, err
		}
		if !slices.Contains(ids, p) {
			ids = append(ids, p)
		}
	}
	return ids, nil
}

// checkID refuses an empty, over-long or oddly-charactered id before it reaches the store.
func checkID(what, id string) error {
	if id == "" {
		return invalid("%s holds an empty id", what)
	}
	if len(id) > maxIDLen {
		return invalid("%s holds an id longer than %d characters", what, maxIDLen)
	}
	for i := range len(id) {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.:~", c) >= 0) {
			return invalid("%s holds an id with a character other than letters, digits and -_.:~", what)
		}
	}
	return nil
}

// txQuery is a parsed transactions query.
type txQuery struct {
	From, To    time.Time
	CreditDebit core.CreditDebit
	Page        int
}

// parseTxQuery reads the filters of the transactions operations: fromBookingDateTime and
// toBookingDateTime (TXN-010-011/012/013, TXN-020-011/012/013; refused when not ISO 8601 dates,
// TXN-010-060/080, TXN-020-070/080), creditDebitIndicator, page (PaginatedMeta) and status, which the
// bank does not support and so must refuse.
func parseTxQuery(q url.Values, loc *time.Location) (txQuery, error) {
	var t txQuery
	from, err := single(q, bankconnect.QueryFromBookingDateTime)
	if err != nil {
		return t, err
	}
	if from != "" {
		if t.From, err = parseBookingBound(from, loc, false); err != nil {
			return t, invalid("fromBookingDateTime %s", core.ErrorMessage(err))
		}
	}
	to, err := single(q, bankconnect.QueryToBookingDateTime)
	if err != nil {
		return t, err
	}
	if to != "" {
		if t.To, err = parseBookingBound(to, loc, true); err != nil {
			return t, invalid("toBookingDateTime %s", core.ErrorMessage(err))
		}
	}
	if !t.From.IsZero() && !t.To.IsZero() && t.From.After(t.To) {
		return t, invalid("fromBookingDateTime is after toBookingDateTime")
	}
	cd, err := single(q, bankconnect.QueryCreditDebitIndicator)
	if err != nil {
		return t, err
	}
	switch cd {
	case "":
	case bankconnect.Credit:
		t.CreditDebit = core.Credit
	case bankconnect.Debit:
		t.CreditDebit = core.Debit
	default:
		return t, invalid("creditDebitIndicator must be Credit or Debit")
	}
	if _, ok := q[bankconnect.QueryStatus]; ok {
		return t, invalid("the status filter is not supported")
	}
	t.Page = 1
	p, err := single(q, bankconnect.QueryPage)
	if err != nil {
		return t, err
	}
	if p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > maxPage || p[0] == '+' {
			return t, invalid("page must be a whole number from 1 to %d", maxPage)
		}
		t.Page = n
	}
	return t, nil
}

// parseBookingBound parses an ISO 8601 date (the contract's format: date) or date-time. A date
// means the start of that day in the bank's time zone for a lower bound and its last instant for an
// upper bound, so both bounds are inclusive; a date-time without offset is in the bank's time zone.
func parseBookingBound(s string, loc *time.Location, end bool) (time.Time, error) {
	if len(s) > 40 {
		return time.Time{}, errNotISO
	}
	if d, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		if end {
			d = d.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		return checkYear(d)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return checkYear(t)
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04:05", s, loc); err == nil {
		return checkYear(t)
	}
	return time.Time{}, errNotISO
}

var errNotISO = invalid("must be an ISO 8601 date (YYYY-MM-DD) or date-time")

func checkYear(t time.Time) (time.Time, error) {
	if y := t.Year(); y < 1900 || y > 9999 {
		return time.Time{}, invalid("must be a date between the years 1900 and 9999")
	}
	return t, nil
}

// parseBalanceType reads balanceType: "" for every type, or one the bank serves (BAL-010-110,
// BAL-020-100); any other value is refused (BAL-010-130, BAL-010-120).
func parseBalanceType(q url.Values) (string, error) {
	v, err := single(q, bankconnect.QueryBalanceType)
	if err != nil || v == "" {
		return "", err
	}
	if !slices.Contains(bankconnect.BalanceTypes, v) {
		return "", invalid("balanceType must be one of %s", strings.Join(bankconnect.BalanceTypes, ", "))
	}
	return v, nil
}
