package journey

import (
	"fmt"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// brasilia is the time zone dates and times are shown in. Brazil has had no daylight saving time
// since 2019, so a fixed UTC−3 is exact and needs no time-zone database.
var brasilia = time.FixedZone("BRT", -3*60*60)

var monthNames = [...]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
	"agosto", "setembro", "outubro", "novembro", "dezembro"}

// fmtDate renders 05/03/2026.
func fmtDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(brasilia).Format("02/01/2006")
}

// fmtDateTime renders 05/03/2026 às 14:07.
func fmtDateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(brasilia).Format("02/01/2006") + " às " + t.In(brasilia).Format("15:04")
}

// fmtLongDate renders 5 de março de 2026.
func fmtLongDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(brasilia)
	return fmt.Sprintf("%d de %s de %d", t.Day(), monthNames[t.Month()-1], t.Year())
}

// fmtISODate renders a yyyy-mm-dd wire date as dd/mm/yyyy, or returns it unchanged.
func fmtISODate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

// monthsBetween is the validity in whole months the customer reads ("12 meses"), rounding a partial
// month up so a consent of 364 days reads as 12 months.
func monthsBetween(from, to time.Time) int {
	if from.IsZero() || to.IsZero() || !to.After(from) {
		return 0
	}
	from, to = from.In(brasilia), to.In(brasilia)
	m := (to.Year()-from.Year())*12 + int(to.Month()-from.Month())
	if to.Day() > from.Day() {
		m++
	}
	if m < 1 {
		m = 1
	}
	return m
}

// fmtAmount renders a wire decimal ("1234.5") as R$ 1.234,50 without going through floating point.
// A malformed amount is shown as it came.
func fmtAmount(amount, currency string) string {
	m, err := core.ParseMoney(amount)
	if err != nil {
		return strings.TrimSpace(currency + " " + amount)
	}
	return fmtMoney(m, currency)
}

// fmtMoney renders centavos as R$ 1.234,50.
func fmtMoney(m core.Money, currency string) string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	whole, cents := v/100, v%100
	s := fmt.Sprintf("%d", whole)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	sym := "R$"
	if currency != "" && currency != "BRL" {
		sym = currency
	}
	return fmt.Sprintf("%s%s %s,%02d", sign, sym, b.String(), cents)
}

// fmtTaxID renders a CPF or CNPJ with its punctuation, labelled.
func fmtTaxID(id string) string {
	switch len(id) {
	case 11:
		return "CPF " + core.FormatCPF(id)
	case 14:
		return "CNPJ " + core.FormatCNPJ(id)
	case 0:
		return "—"
	default:
		return id
	}
}
