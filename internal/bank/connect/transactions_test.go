package connect_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// refs lists the transaction references of a page.
func refs(txs []bankconnect.Transaction) []string {
	var out []string
	for _, t := range txs {
		out = append(out, t.TransactionReference)
	}
	return out
}

// fixtureRefs lists the references of fixture lines that pass keep, newest first.
func fixtureRefs(txs []core.Transaction, keep func(core.Transaction) bool) []string {
	var out []string
	for _, t := range txs {
		if keep(t) {
			out = append(out, t.Reference)
		}
	}
	return out
}

var brt = time.FixedZone("BRT", -3*60*60)

func TestTransactions(t *testing.T) {
	e := newEnv(t, func(d *connect.Deps) { d.PageSize = 1000 })
	f := e.f
	all := func(core.Transaction) bool { return true }

	t.Run("TXN-010-010 returns the account's transactions, newest first, with the Brazilian fields", func(t *testing.T) {
		var got bankconnect.TransactionsResponse
		e.get("/accounts/"+f.Checking.ID+"/transactions", nil).ok(t, &got)
		if want := fixtureRefs(f.CheckingTransactions, all); !slices.Equal(refs(got.Data), want) {
			t.Fatalf("references %v\nwant %v", refs(got.Data), want)
		}
		if !got.Meta.Paginated || got.Meta.TotalPages != 1 {
			t.Fatalf("meta %+v", got.Meta)
		}
		tx, want := got.Data[0], f.CheckingTransactions[0]
		if tx.TransactionID != want.ID || tx.Amount.Amount != want.Amount.String() || tx.BookingDateTime != want.BookedAt.UTC().Format(time.RFC3339) ||
			tx.BankTransactionCode.Code != string(want.Kind) || tx.PartieCnpjCpf != want.Counterparty.TaxID ||
			tx.PartiePersonType != "PESSOA_JURIDICA" || tx.PartieCompeCode != "341" || tx.PartieBranchCode != "1234" ||
			tx.PartieNumber != "998877" || tx.PartieCheckDigit != "1" || tx.Status != "Booked" {
			t.Fatalf("transaction %+v\nfrom %+v", tx, want)
		}
	})

	from := f.CheckingTransactions[10].BookedAt
	to := f.CheckingTransactions[5].BookedAt
	ts := func(x time.Time) string { return url.QueryEscape(x.Format(time.RFC3339)) }

	t.Run("TXN-010-011 filters from fromBookingDateTime until today", func(t *testing.T) {
		var got bankconnect.TransactionsResponse
		e.get("/accounts/"+f.Checking.ID+"/transactions?fromBookingDateTime="+ts(from), nil).ok(t, &got)
		want := fixtureRefs(f.CheckingTransactions, func(x core.Transaction) bool { return !x.BookedAt.Before(from) })
		if !slices.Equal(refs(got.Data), want) {
			t.Fatalf("references %v\nwant %v", refs(got.Data), want)
		}
	})

	t.Run("TXN-010-012 filters from the beginning until toBookingDateTime", func(t *testing.T) {
		var got bankconnect.TransactionsResponse
		e.get("/accounts/"+f.Checking.ID+"/transactions?toBookingDateTime="+ts(to), nil).ok(t, &got)
		want := fixtureRefs(f.CheckingTransactions, func(x core.Transaction) bool { return !x.BookedAt.After(to) })
		if !slices.Equal(refs(got.Data), want) {
			t.Fatalf("references %v\nwant %v", refs(got.Data), want)
		}
	})

	t.Run("TXN-010-013 filters between both bounds; dates alone cover whole days", func(t *testing.T) {
		var got bankconnect.TransactionsResponse
		e.get("/accounts/"+f.Checking.ID+"/transactions?fromBookingDateTime="+ts(from)+"&toBookingDateTime="+ts(to), nil).ok(t, &got)
		want := fixtureRefs(f.CheckingTransactions, func(x core.Transaction) bool { return !x.BookedAt.Before(from) && !x.BookedAt.After(to) })
		if len(want) == 0 || !slices.Equal(refs(got.Data), want) {
			t.Fatalf("references %v\nwant %v", refs(got.Data), want)
		}
		day := from.In(brt).Format(time.DateOnly)
		e.get("/accounts/"+f.Checking.ID+"/transactions?fromBookingDateTime="+day+"&toBookingDateTime="+day, nil).ok(t, &got)
		want = fixtureRefs(f.CheckingTransactions, func(x core.Transaction) bool { return x.BookedAt.In(brt).Format(time.DateOnly) == day })
		if len(want) == 0 || !slices.Equal(refs(got.Data), want) {
			t.Fatalf("day %s: references %v\nwant %v", day, refs(got.Data), want)
		}
	})

	t.Run("credit and debit filter", func(t *testing.T) {
		for _, cd := range []core.CreditDebit{core.Credit, core.Debit} {
			var got bankconnect.TransactionsResponse
			e.get("/accounts/"+f.Checking.ID+"/transactions?creditDebitIndicator="+string(cd), nil).ok(t, &got)
			want := fixtureRefs(f.CheckingTransactions, func(x core.Transaction) bool { return x.CreditDebit == cd })
			if !slices.Equal(refs(got.Data), want) {
				t.Fatalf("%s: references %v\nwant %v", cd, refs(got.Data), want)
			}
		}
		e.get("/accounts/"+f.Checking.ID+"/transactions?creditDebitIndicator=credit", nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
	})

	t.Run("TXN-010-020 refuses an account that does not exist or is another PSU's", func(t *testing.T) {
		e.get("/accounts/nope/transactions", nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)
		e.get("/accounts/"+e.other.Checking.ID+"/transactions", nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotAccessible)
	})

	t.Run("TXN-010-060 TXN-010-080 refuse dates that are not ISO 8601", func(t *testing.T) {
		for _, q := range []string{"fromBookingDateTime=31/12/2025", "toBookingDateTime=2025-13-01", "fromBookingDateTime=yesterday",
			"toBookingDateTime=2025-02-30", "fromBookingDateTime=0001-01-01", "fromBookingDateTime=2026-01-02&toBookingDateTime=2026-01-01"} {
			e.get("/accounts/"+f.Checking.ID+"/transactions?"+q, nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
		}
	})

	t.Run("TXN-020-010 returns the transactions of the accounts asked for, or of every PSU account", func(t *testing.T) {
		var got bankconnect.TransactionsResponse
		e.get("/transactions?accountIds="+f.Savings.ID+","+f.Card.ID, nil).ok(t, &got)
		if len(got.Data) != 4 {
			t.Fatalf("%d transactions, want the 4 of savings and card: %v", len(got.Data), refs(got.Data))
		}
		e.get("/transactions", nil).ok(t, &got)
		if want := len(f.CheckingTransactions) + 6; len(got.Data) != want {
			t.Fatalf("%d transactions for the PSU, want %d (person and company accounts)", len(got.Data), want)
		}
		for _, tx := range got.Data {
			if tx.TransactionReference == "" || tx.BankTransactionCode.SubCode == "" {
				t.Fatalf("transaction %+v", tx)
			}
		}
	})

	t.Run("TXN-020-011 TXN-020-012 TXN-020-013 filter by booking date", func(t *testing.T) {
		var got bankconnect.TransactionsResponse
		base := "/transactions?accountIds=" + f.Checking.ID
		e.get(base+"&fromBookingDateTime="+ts(from), nil).ok(t, &got)
		if want := fixtureRefs(f.CheckingTransactions, func(x core.Transaction) bool { return !x.BookedAt.Before(from) }); !slices.Equal(refs(got.Data), want) {
			t.Fatalf("from: %v\nwant %v", refs(got.Data), want)
		}
		e.get(base+"&toBookingDateTime="+ts(to), nil).ok(t, &got)
		if want := fixtureRefs(f.CheckingTransactions, func(x core.Transaction) bool { return !x.BookedAt.After(to) }); !slices.Equal(refs(got.Data), want) {
			t.Fatalf("to: %v\nwant %v", refs(got.Data), want)
		}
		e.get(base+"&fromBookingDateTime="+ts(from)+"&toBookingDateTime="+ts(to), nil).ok(t, &got)
		if want := fixtureRefs(f.CheckingTransactions, func(x core.Transaction) bool { return !x.BookedAt.Before(from) && !x.BookedAt.After(to) }); !slices.Equal(refs(got.Data), want) {
			t.Fatalf("between: %v\nwant %v", refs(got.Data), want)
		}
	})

	t.Run("TXN-020-020 skips unknown and other PSUs' accounts", func(t *testing.T) {
		var got bankconnect.TransactionsResponse
		e.get("/transactions?accountIds=nope,"+e.other.Checking.ID+","+f.Savings.ID, nil).ok(t, &got)
		if len(got.Data) != 2 {
			t.Fatalf("references %v, want the 2 savings lines", refs(got.Data))
		}
		e.get("/transactions?accountIds=nope,"+e.other.Checking.ID, nil).ok(t, &got)
		if len(got.Data) != 0 || got.Meta.TotalPages != 1 {
			t.Fatalf("%+v, want an empty first page", got)
		}
	})

	t.Run("TXN-020-070 TXN-020-080 refuse dates that are not ISO 8601", func(t *testing.T) {
		e.get("/transactions?fromBookingDateTime=2026-1-1", nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
		e.get("/transactions?toBookingDateTime=20260101", nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
	})

	t.Run("TXN-020-090 refuses a call with neither accountIds nor o3-psu-identifier", func(t *testing.T) {
		h := e.headers()
		h.Del(bankconnect.HeaderPSUIdentifier)
		e.get("/transactions", h).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidHeader)
		// accountIds alone is accepted under a consent, and only then.
		var got bankconnect.TransactionsResponse
		e.get("/transactions?accountIds="+f.Savings.ID, h).ok(t, &got)
		if len(got.Data) != 2 {
			t.Fatalf("references %v", refs(got.Data))
		}
		h.Del(bankconnect.HeaderConsentID)
		e.get("/transactions?accountIds="+f.Savings.ID, h).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidHeader)
	})

	t.Run("the status filter is refused as unsupported", func(t *testing.T) {
		e.get("/accounts/"+f.Checking.ID+"/transactions?status=Booked", nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
	})
}

func TestTransactionPages(t *testing.T) {
	e := newEnv(t, func(d *connect.Deps) { d.PageSize = 15 })
	f := e.f
	all := fixtureRefs(f.CheckingTransactions, func(core.Transaction) bool { return true })
	var seen []string
	for page := 1; page <= 3; page++ {
		var got bankconnect.TransactionsResponse
		e.get("/accounts/"+f.Checking.ID+"/transactions?page="+string(rune('0'+page)), nil).ok(t, &got)
		if !got.Meta.Paginated || got.Meta.TotalPages != 3 {
			t.Fatalf("page %d meta %+v, want 3 pages", page, got.Meta)
		}
		seen = append(seen, refs(got.Data)...)
	}
	if !slices.Equal(seen, all) {
		t.Fatalf("pages together %v\nwant %v", seen, all)
	}
	var got bankconnect.TransactionsResponse
	e.get("/accounts/"+f.Checking.ID+"/transactions", nil).ok(t, &got)
	if !slices.Equal(refs(got.Data), all[:15]) {
		t.Fatalf("no page parameter: %v, want the first page", refs(got.Data))
	}
	e.get("/accounts/"+f.Checking.ID+"/transactions?page=9", nil).ok(t, &got)
	if len(got.Data) != 0 || got.Meta.TotalPages != 3 {
		t.Fatalf("page past the end: %+v", got)
	}
	for _, p := range []string{"0", "-1", "abc", "1.5", "+2", "99999999999999999999", ""} {
		if p == "" {
			e.get("/accounts/"+f.Checking.ID+"/transactions?page=1&page=2", nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
			continue
		}
		e.get("/accounts/"+f.Checking.ID+"/transactions?page="+url.QueryEscape(p), nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
	}
}
