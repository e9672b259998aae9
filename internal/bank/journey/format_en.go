package journey

import (
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// Dates and money in the page's language. Portuguese keeps the bank's formats (format.go); English
// writes "Nov 28, 2026" and "R$ 1,234.56". Times stay in Brasília time in both: it is the bank's
// clock the customer reads, wherever they are.

// date renders 05/03/2026 or Mar 5, 2026.
func (l lang) date(t time.Time) string {
	if l != en || t.IsZero() {
		return fmtDate(t)
	}
	return t.In(brasilia).Format("Jan 2, 2006")
}

// dateTime renders 05/03/2026 às 14:07 or Mar 5, 2026 at 14:07.
func (l lang) dateTime(t time.Time) string {
	if l != en || t.IsZero() {
		return fmtDateTime(t)
	}
	return t.In(brasilia).Format("Jan 2, 2006") + " at " + t.In(brasilia).Format("15:04")
}

// longDate renders 5 de março de 2026 or March 5, 2026.
func (l lang) longDate(t time.Time) string {
	if l != en || t.IsZero() {
		return fmtLongDate(t)
	}
	return t.In(brasilia).Format("January 2, 2006")
}

// isoDate renders a yyyy-mm-dd wire date as 05/03/2026 or Mar 5, 2026, or returns it unchanged.
func (l lang) isoDate(s string) string {
	if l != en {
		return fmtISODate(s)
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("Jan 2, 2006")
}

// amount renders a wire decimal as R$ 1.234,50 or R$ 1,234.50.
func (l lang) amount(amount, currency string) string {
	if l != en {
		return fmtAmount(amount, currency)
	}
	m, err := core.ParseMoney(amount)
	if err != nil {
		return strings.TrimSpace(currency + " " + amount)
	}
	return l.money(m, currency)
}

// money renders centavos as R$ 1.234,50 or R$ 1,234.50.
func (l lang) money(m core.Money, currency string) string {
	pt := fmtMoney(m, currency)
	if l != en {
		return pt
	}
	// The Portuguese form has "." between thousands and "," before the centavos: swap them.
	return strings.Map(func(r rune) rune {
		switch r {
		case '.':
			return ','
		case ',':
			return '.'
		}
		return r
	}, pt)
}
