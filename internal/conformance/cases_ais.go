package conformance

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// badBalanceType is a balanceType no bank supports (BAL-010-130).
const badBalanceType = "NotABalanceType"

// The functional test cases of the AIS contract, one function per tag of the contract. The header
// and 401 cases of every operation are in headerCases.
func aisCases(b *builder) {
	accountCases(b)
	balanceCases(b)
	transactionCases(b)
	standingCases(b)
	customerCases(b)
	offerCases(b)
}

// ids joins account ids for accountIds, dropping empty ones.
func ids(list ...string) string {
	return strings.Join(slices.DeleteFunc(list, func(s string) bool { return s == "" }), ",")
}

// unknownPSU is an o3-psu-identifier of a user no bank knows.
func unknownPSU() headerMod {
	return with(bankconnect.HeaderPSUIdentifier, bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: unknownID()}))
}

// accountOf is the account an item belongs to: its accountId, or the id of an account object.
// Transactions need not carry accountId; those without one are not checked here.
func accountOf(it map[string]any) (string, bool) {
	if id, ok := it["accountId"].(string); ok {
		return id, true
	}
	if _, ok := it["transactionId"]; ok {
		return "", false
	}
	return str(it, "id"), true
}

// onlyAccounts checks that every item belongs to one of allowed (by its accountId); an item of
// another account is a leak or an ignored filter.
func onlyAccounts(a *answer, items []map[string]any, allowed ...string) {
	for _, it := range items {
		id, known := accountOf(it)
		if known && !slices.Contains(allowed, id) {
			if id != "" && id == a.t.fx.ForeignAccountID {
				a.t.errorf(a.x, "%s %s returned data of another PSU's account %s", a.method, a.path, id)
			} else {
				a.t.errorf(a.x, "%s %s returned data of account %q, which was not asked for (want only %v)", a.method, a.path, id, allowed)
			}
			return
		}
	}
}

// noForeign checks that no item belongs to the other PSU's account.
func noForeign(a *answer, items []map[string]any) {
	for _, it := range items {
		if id, _ := accountOf(it); a.t.fx.ForeignAccountID != "" && id == a.t.fx.ForeignAccountID {
			a.t.errorf(a.x, "%s %s returned data of another PSU's account %s", a.method, a.path, id)
			return
		}
	}
}

// empty checks an empty data array.
func empty(a *answer) {
	if items, ok := a.items(); ok && len(items) != 0 {
		a.t.errorf(a.x, "%s %s returned %d items, want an empty data array", a.method, a.path, len(items))
	}
}

// nonEmpty checks that there is at least one item.
func nonEmpty(a *answer, items []map[string]any, what string) bool {
	if len(items) == 0 {
		a.t.errorf(a.x, "%s %s returned no %s", a.method, a.path, what)
		return false
	}
	return true
}

func accountCases(b *builder) {
	b.add("ACC-010-010", opAccounts, "returns every account asked for", func(t *T) {
		want := t.fx.accounts()
		a := t.get("/accounts?accountIds=" + ids(want...))
		if items, ok := a.items(); a.ok() && ok {
			var got []string
			for _, it := range items {
				got = append(got, str(it, "id"))
			}
			onlyAccounts(a, items, want...)
			for _, id := range want {
				if !slices.Contains(got, id) {
					a.t.errorf(a.x, "account %s of the PSU is missing from the answer", id)
				}
			}
		}
	})
	b.add("ACC-010-030", opAccounts, "skips accounts that do not exist or are another PSU's", func(t *T) {
		acc := t.fx.AccountIDs[0]
		a := t.get("/accounts?accountIds=" + ids(unknownID(), acc, t.fx.ForeignAccountID))
		if items, ok := a.items(); a.ok() && ok {
			onlyAccounts(a, items, acc)
			if len(items) != 1 {
				t.errorf(a.x, "%d accounts returned, want exactly %s", len(items), acc)
			}
		}
	})
	b.add("ACC-010-040", opAccounts, "answers 200 with an empty data array when no account is found", func(t *T) {
		if a := t.get("/accounts?accountIds=" + ids(unknownID(), t.fx.ForeignAccountID)); a.ok() {
			empty(a)
		}
	})
	b.add("ACC-010-020", opAccounts, "accountIds missing → 400", func(t *T) {
		t.get("/accounts").fails(http.StatusBadRequest)
	})
	b.add("ACC-020-010", opAccount, "returns the account asked for", func(t *T) {
		for _, acc := range t.fx.accounts() {
			a := t.get("/accounts/" + url.PathEscape(acc))
			if obj, ok := a.object(); a.ok() && ok && str(obj, "id") != acc {
				t.errorf(a.x, "returned account %q, want %s", str(obj, "id"), acc)
			}
		}
	})
	b.add("ACC-020-020", opAccount, "account that does not exist → 400", func(t *T) {
		t.get("/accounts/" + unknownID()).fails(http.StatusBadRequest)
	})
	b.add("ACC-020-050", opAccount, "account not accessible by the PSU → 400", func(t *T) {
		if t.needForeign() {
			t.get("/accounts/" + url.PathEscape(t.fx.ForeignAccountID)).fails(http.StatusBadRequest)
		}
	})
}

// firstBalanceType returns the balanceType of the first balance of path.
func firstBalanceType(t *T, path string) (string, bool) {
	a := t.get(path)
	items, ok := a.items()
	if !a.ok() || !ok || !nonEmpty(a, items, "balance") {
		return "", false
	}
	return str(items[0], "balanceType"), true
}

// onlyType checks that every balance is of type bt.
func onlyType(a *answer, items []map[string]any, bt string) {
	for _, it := range items {
		if str(it, "balanceType") != bt {
			a.t.errorf(a.x, "balanceType=%s returned a %q balance", bt, str(it, "balanceType"))
			return
		}
	}
}

func balanceCases(b *builder) {
	b.add("BAL-010-010", opBalances, "returns the balances of every account asked for", func(t *T) {
		want := t.fx.AccountIDs
		a := t.get("/balances?accountIds=" + ids(want...))
		if items, ok := a.items(); a.ok() && ok {
			onlyAccounts(a, items, want...)
			for _, id := range want {
				if !slices.ContainsFunc(items, func(it map[string]any) bool { return str(it, "accountId") == id }) {
					t.errorf(a.x, "no balance of account %s", id)
				}
			}
		}
	})
	b.add("BAL-010-030", opBalances, "skips accounts that do not exist or are another PSU's", func(t *T) {
		acc := t.fx.AccountIDs[0]
		a := t.get("/balances?accountIds=" + ids(unknownID(), acc, t.fx.ForeignAccountID))
		if items, ok := a.items(); a.ok() && ok && nonEmpty(a, items, "balance") {
			onlyAccounts(a, items, acc)
		}
	})
	b.add("BAL-010-040", opBalances, "answers 200 with an empty data array when no account is found", func(t *T) {
		if a := t.get("/balances?accountIds=" + ids(unknownID(), t.fx.ForeignAccountID)); a.ok() {
			empty(a)
		}
	})
	b.add("BAL-010-110", opBalances, "balanceType given: only that type", func(t *T) {
		acc := t.fx.AccountIDs[0]
		bt, ok := firstBalanceType(t, "/balances?accountIds="+url.QueryEscape(acc))
		if !ok {
			return
		}
		a := t.get("/balances?accountIds=" + url.QueryEscape(acc) + "&balanceType=" + url.QueryEscape(bt))
		if items, ok := a.items(); a.ok() && ok && nonEmpty(a, items, "balance of type "+bt) {
			onlyType(a, items, bt)
			onlyAccounts(a, items, acc)
		}
	})
	b.add("BAL-010-110", opAccountBalances, "balanceType not given: one balance per type", func(t *T) {
		acc := t.fx.AccountIDs[0]
		a := t.get("/accounts/" + url.PathEscape(acc) + "/balances")
		if items, ok := a.items(); a.ok() && ok && nonEmpty(a, items, "balance") {
			onlyAccounts(a, items, acc)
		}
	})
	b.add("BAL-010-120", opBalances, "balanceType not given: the balances of every type", func(t *T) {
		acc := t.fx.AccountIDs[0]
		a := t.get("/balances?accountIds=" + url.QueryEscape(acc))
		if items, ok := a.items(); a.ok() && ok && nonEmpty(a, items, "balance") {
			onlyAccounts(a, items, acc)
		}
	})
	b.add("BAL-010-120", opAccountBalances, "unsupported balanceType → 400", func(t *T) {
		t.get("/accounts/" + url.PathEscape(t.fx.AccountIDs[0]) + "/balances?balanceType=" + badBalanceType).fails(http.StatusBadRequest)
	})
	b.add("BAL-010-020", opBalances, "accountIds missing → 400", func(t *T) {
		t.get("/balances").fails(http.StatusBadRequest)
	})
	b.add("BAL-010-130", opBalances, "unsupported balanceType → 400", func(t *T) {
		t.get("/balances?accountIds=" + url.QueryEscape(t.fx.AccountIDs[0]) + "&balanceType=" + badBalanceType).fails(http.StatusBadRequest)
	})
	b.add("BAL-020-010", opAccountBalances, "returns the account's balances", func(t *T) {
		for _, acc := range t.fx.AccountIDs {
			a := t.get("/accounts/" + url.PathEscape(acc) + "/balances")
			if items, ok := a.items(); a.ok() && ok && nonEmpty(a, items, "balance") {
				onlyAccounts(a, items, acc)
			}
		}
	})
	b.add("BAL-020-100", opAccountBalances, "balanceType given: only that type", func(t *T) {
		acc := url.PathEscape(t.fx.AccountIDs[0])
		bt, ok := firstBalanceType(t, "/accounts/"+acc+"/balances")
		if !ok {
			return
		}
		a := t.get("/accounts/" + acc + "/balances?balanceType=" + url.QueryEscape(bt))
		if items, ok := a.items(); a.ok() && ok && nonEmpty(a, items, "balance of type "+bt) {
			onlyType(a, items, bt)
		}
	})
	b.add("BAL-020-020", opAccountBalances, "account that does not exist → 400", func(t *T) {
		t.get("/accounts/" + unknownID() + "/balances").fails(http.StatusBadRequest)
	})
	b.add("BAL-020-050", opAccountBalances, "account not accessible by the PSU → 400", func(t *T) {
		if t.needForeign() {
			t.get("/accounts/" + url.PathEscape(t.fx.ForeignAccountID) + "/balances").fails(http.StatusBadRequest)
		}
	})
}

// bookingTime parses a transaction's bookingDateTime.
func bookingTime(it map[string]any) (time.Time, bool) {
	tm, err := time.Parse(time.RFC3339Nano, str(it, "bookingDateTime"))
	return tm, err == nil
}

// dateFilter checks fromBookingDateTime and/or toBookingDateTime on base: with a bound equal to the
// booking time of a transaction of the unfiltered first page, the answer is not empty and every
// transaction in it is within the bound (both bounds are inclusive).
func dateFilter(t *T, base string, from, to bool) {
	a := t.get(base)
	items, ok := a.items()
	if !a.ok() || !ok {
		return
	}
	if len(items) == 0 {
		t.errorf(a.x, "%s returned no transaction to take a booking date from: give the PSU an account with transactions first", base)
		return
	}
	it := items[len(items)/2]
	bound, ok := bookingTime(it)
	if !ok {
		t.errorf(a.x, "transaction %v has a bookingDateTime that is not RFC 3339: %q", it["transactionId"], str(it, "bookingDateTime"))
		return
	}
	q := url.Values{}
	if from {
		q.Set("fromBookingDateTime", str(it, "bookingDateTime"))
	}
	if to {
		q.Set("toBookingDateTime", str(it, "bookingDateTime"))
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	f := t.get(base + sep + q.Encode())
	got, ok := f.items()
	if !f.ok() || !ok || !nonEmpty(f, got, "transaction, although one was booked at the bound") {
		return
	}
	for _, x := range got {
		tm, ok := bookingTime(x)
		if !ok || (from && tm.Before(bound)) || (to && tm.After(bound)) {
			t.errorf(f.x, "transaction %v booked at %q is outside the filter %s", x["transactionId"], str(x, "bookingDateTime"), q.Encode())
			return
		}
	}
}

func transactionCases(b *builder) {
	b.add("TXN-020-010", opTransactions, "returns the transactions of the accounts asked for, or of every account of the PSU", func(t *T) {
		acc := t.fx.AccountIDs[0]
		a := t.get("/transactions?accountIds=" + url.QueryEscape(acc))
		if items, ok := a.items(); a.ok() && ok && nonEmpty(a, items, "transaction") {
			onlyAccounts(a, items, acc)
		}
		a = t.get("/transactions")
		if items, ok := a.items(); a.ok() && ok && nonEmpty(a, items, "transaction") {
			noForeign(a, items)
		}
	})
	for _, c := range []struct {
		op, id, title string
		from, to      bool
	}{
		{opTransactions, "TXN-020-011", "fromBookingDateTime: from then until today", true, false},
		{opTransactions, "TXN-020-012", "toBookingDateTime: from the beginning until then", false, true},
		{opTransactions, "TXN-020-013", "fromBookingDateTime and toBookingDateTime: between both", true, true},
		{opAccountTxns, "TXN-010-011", "fromBookingDateTime: from then until today", true, false},
		{opAccountTxns, "TXN-010-012", "toBookingDateTime: from the beginning until then", false, true},
		{opAccountTxns, "TXN-010-013", "fromBookingDateTime and toBookingDateTime: between both", true, true},
	} {
		b.add(c.id, c.op, c.title, func(t *T) {
			base := "/transactions?accountIds=" + url.QueryEscape(t.fx.AccountIDs[0])
			if c.op == opAccountTxns {
				base = "/accounts/" + url.PathEscape(t.fx.AccountIDs[0]) + "/transactions"
			}
			dateFilter(t, base, c.from, c.to)
		})
	}
	b.add("TXN-020-020", opTransactions, "skips accounts that do not exist or are another PSU's", func(t *T) {
		acc := t.fx.AccountIDs[0]
		ref := t.get("/transactions?accountIds=" + url.QueryEscape(acc))
		want, ok := ref.items()
		if !ref.ok() || !ok {
			return
		}
		a := t.get("/transactions?accountIds=" + ids(unknownID(), acc, t.fx.ForeignAccountID))
		if items, ok := a.items(); a.ok() && ok && nonEmpty(a, items, "transaction") {
			onlyAccounts(a, items, acc)
			// Transactions need not name their account: the first page must be the account's own.
			if len(items) != len(want) {
				t.errorf(a.x, "%d transactions on the first page, the account alone has %d", len(items), len(want))
			} else {
				covers(a, items, want, "transactionId")
			}
		}
		if a := t.get("/transactions?accountIds=" + ids(unknownID(), t.fx.ForeignAccountID)); a.ok() {
			empty(a)
		}
	})
	badDates := []string{"31/12/2025", "2025-13-01", "yesterday"}
	b.add("TXN-020-070", opTransactions, "fromBookingDateTime not an ISO date → 400", func(t *T) {
		for _, d := range badDates {
			t.get("/transactions?fromBookingDateTime=" + url.QueryEscape(d)).fails(http.StatusBadRequest)
		}
	})
	b.add("TXN-020-080", opTransactions, "toBookingDateTime not an ISO date → 400", func(t *T) {
		for _, d := range badDates {
			t.get("/transactions?toBookingDateTime=" + url.QueryEscape(d)).fails(http.StatusBadRequest)
		}
	})
	b.add("TXN-010-010", opAccountTxns, "returns the account's transactions", func(t *T) {
		acc := t.fx.AccountIDs[0]
		a := t.get("/accounts/" + url.PathEscape(acc) + "/transactions")
		if items, ok := a.items(); a.ok() && ok && nonEmpty(a, items, "transaction") {
			onlyAccounts(a, items, acc)
		}
	})
	b.add("TXN-010-020", opAccountTxns, "account that does not exist or is another PSU's → 400", func(t *T) {
		t.get("/accounts/" + unknownID() + "/transactions").fails(http.StatusBadRequest)
		if f := t.fx.ForeignAccountID; f != "" {
			t.get("/accounts/" + url.PathEscape(f) + "/transactions").fails(http.StatusBadRequest)
		}
	})
	b.add("TXN-010-060", opAccountTxns, "fromBookingDateTime not an ISO date → 400", func(t *T) {
		for _, d := range badDates {
			t.get("/accounts/" + url.PathEscape(t.fx.AccountIDs[0]) + "/transactions?fromBookingDateTime=" + url.QueryEscape(d)).fails(http.StatusBadRequest)
		}
	})
	b.add("TXN-010-080", opAccountTxns, "toBookingDateTime not an ISO date → 400", func(t *T) {
		for _, d := range badDates {
			t.get("/accounts/" + url.PathEscape(t.fx.AccountIDs[0]) + "/transactions?toBookingDateTime=" + url.QueryEscape(d)).fails(http.StatusBadRequest)
		}
	})
}

// standingFamily is one of the collections of account objects with its test-case ids: by
// accountIds, for the PSU, unknown accounts skipped, nothing found, per account, per account
// unknown, per account of another PSU.
type standingFamily struct {
	path, idField                                         string
	byIDs, byPSU, skips, empty, one, oneUnknown, oneOther string
}

var standingFamilies = []standingFamily{
	{"direct-debits", "directDebitId", "DBT-010-010", "DBT-010-020", "DBT-010-030", "DBT-010-040", "DBT-020-010", "DBT-020-020", "DBT-020-050"},
	{"scheduled-payments", "scheduledPaymentId", "FDP-010-010", "FDP-010-020", "FDP-010-030", "FDP-010-040", "FDP-020-010", "FDP-020-020", "FDP-020-050"},
	{"standing-orders", "standingOrderId", "STO-010-010", "STO-010-020", "STO-010-030", "STO-010-040", "STO-020-010", "STO-020-020", "STO-020-050"},
	{"beneficiaries", "beneficiaryId", "BEN-010-010", "BEN-010-020", "BEN-010-030", "BEN-010-040", "BEN-020-010", "BEN-020-020", "BEN-020-050"},
}

// covers checks that every item of want (by idField) is in got.
func covers(a *answer, got, want []map[string]any, idField string) {
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g map[string]any) bool { return str(g, idField) == str(w, idField) }) {
			a.t.errorf(a.x, "%s %s lacks %s %q, which the PSU's accounts hold", a.method, a.path, idField, str(w, idField))
			return
		}
	}
}

func standingCases(b *builder) {
	for _, fam := range standingFamilies {
		coll, one := "GET /"+fam.path, "GET /accounts/{accountId}/"+fam.path
		b.add(fam.byIDs, coll, "returns the "+fam.path+" of the accounts asked for", func(t *T) {
			acc := t.fx.AccountIDs[0]
			a := t.get("/" + fam.path + "?accountIds=" + url.QueryEscape(acc))
			if items, ok := a.items(); a.ok() && ok {
				onlyAccounts(a, items, acc)
			}
		})
		b.add(fam.byPSU, coll, "accountIds not given: the "+fam.path+" of every account of the PSU", func(t *T) {
			all := t.get("/" + fam.path + "?accountIds=" + ids(t.fx.accounts()...))
			want, ok := all.items()
			if !all.ok() || !ok {
				return
			}
			a := t.get("/" + fam.path)
			if items, ok := a.items(); a.ok() && ok {
				noForeign(a, items)
				covers(a, items, want, fam.idField)
			}
		})
		b.add(fam.skips, coll, "skips accounts that do not exist or are another PSU's", func(t *T) {
			acc := t.fx.AccountIDs[0]
			a := t.get("/" + fam.path + "?accountIds=" + ids(unknownID(), acc, t.fx.ForeignAccountID))
			if items, ok := a.items(); a.ok() && ok {
				onlyAccounts(a, items, acc)
			}
		})
		b.add(fam.empty, coll, "answers 200 with an empty data array when no account is found", func(t *T) {
			if a := t.get("/" + fam.path + "?accountIds=" + ids(unknownID(), t.fx.ForeignAccountID)); a.ok() {
				empty(a)
			}
		})
		b.add(fam.one, one, "returns the "+fam.path+" of the account", func(t *T) {
			for _, acc := range t.fx.AccountIDs {
				a := t.get("/accounts/" + url.PathEscape(acc) + "/" + fam.path)
				if items, ok := a.items(); a.ok() && ok {
					onlyAccounts(a, items, acc)
				}
			}
		})
		b.add(fam.oneUnknown, one, "account that does not exist → 400", func(t *T) {
			t.get("/accounts/" + unknownID() + "/" + fam.path).fails(http.StatusBadRequest)
		})
		b.add(fam.oneOther, one, "account not accessible by the PSU → 400", func(t *T) {
			if t.needForeign() {
				t.get("/accounts/" + url.PathEscape(t.fx.ForeignAccountID) + "/" + fam.path).fails(http.StatusBadRequest)
			}
		})
	}
	b.add("BEN-030-010", opCustomerBeneficiar, "returns the beneficiaries of the PSU", func(t *T) {
		all := t.get("/beneficiaries?accountIds=" + ids(t.fx.accounts()...))
		want, ok := all.items()
		if !all.ok() || !ok {
			return
		}
		a := t.get("/customer/beneficiaries")
		if items, ok := a.items(); a.ok() && ok {
			noForeign(a, items)
			covers(a, items, want, "beneficiaryId")
		}
	})
}

func customerCases(b *builder) {
	b.add("CUS-010-010", opCustomer, "returns the PSU's customer", func(t *T) {
		a := t.get("/customer")
		if obj, ok := a.object(); a.ok() && ok && len(obj) == 0 {
			t.errorf(a.x, "the PSU's customer is an empty object")
		}
	})
	b.add("CUS-010-020", opCustomer, "PSU who is no customer: 200 with an empty data object", func(t *T) {
		a := t.get("/customer", unknownPSU())
		if obj, ok := a.object(); a.ok() && ok && len(obj) != 0 {
			t.errorf(a.x, "an unknown PSU got a customer: %v", obj)
		}
	})
	b.add("CUS-020-010", opAccountCustomer, "returns the customer of the account", func(t *T) {
		a := t.get("/accounts/" + url.PathEscape(t.fx.AccountIDs[0]) + "/customer")
		if items, ok := a.items(); a.ok() && ok {
			nonEmpty(a, items, "customer")
		}
	})
	b.add("CUS-020-020", opAccountCustomer, "no customer found: 200 with empty data, also for another PSU's account", func(t *T) {
		for _, id := range []string{unknownID(), t.fx.ForeignAccountID} {
			if id == "" {
				continue
			}
			if a := t.get("/accounts/" + url.PathEscape(id) + "/customer"); a.ok() {
				empty(a)
			}
		}
	})
}

func offerCases(b *builder) {
	b.add("OFF-010-010", opOffers, "returns the offers on the PSU's accounts", func(t *T) {
		a := t.get("/offers")
		if items, ok := a.items(); a.ok() && ok {
			noForeign(a, items)
		}
	})
	b.add("OFF-010-020", opOffers, "PSU without offers on the accounts asked for: 200 with an empty data array", func(t *T) {
		if a := t.get("/offers?accountIds=" + unknownID()); a.ok() {
			empty(a)
		}
	})
	b.add("OFF-010-030", opOffers, "PSU who does not exist: 200 with an empty data array", func(t *T) {
		if a := t.get("/offers", unknownPSU()); a.ok() {
			empty(a)
		}
	})
	b.add("OFF-020-010", opAccountOffers, "returns the offers on the account", func(t *T) {
		for _, acc := range t.fx.accounts() {
			a := t.get("/accounts/" + url.PathEscape(acc) + "/offers")
			if items, ok := a.items(); a.ok() && ok {
				onlyAccounts(a, items, acc)
			}
		}
	})
	b.add("OFF-020-020", opAccountOffers, "account that does not exist → 400", func(t *T) {
		t.get("/accounts/" + unknownID() + "/offers").fails(http.StatusBadRequest)
	})
	b.add("OFF-020-050", opAccountOffers, "account not accessible by the PSU → 400", func(t *T) {
		if t.needForeign() {
			t.get("/accounts/" + url.PathEscape(t.fx.ForeignAccountID) + "/offers").fails(http.StatusBadRequest)
		}
	})
}
