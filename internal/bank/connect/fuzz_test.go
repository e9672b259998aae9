package connect

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// clientMistake reports whether err is one of the codes the error mapping answers with 400.
func clientMistake(err error) bool {
	switch core.ErrorCode(err) {
	case core.EINVALID, codeInvalidHeader, codeTooLarge:
		return true
	}
	return false
}

// FuzzParseQuery feeds arbitrary query strings through every query parser: none may panic, and each
// either succeeds or fails as a client mistake (400), never as anything the server would answer 500.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "accountIds=a,b,c", "accountIds=%zz", "accountIds=a;b", "accountIds=,,", "accountIds=a&accountIds=b",
		"fromBookingDateTime=2026-01-01&toBookingDateTime=2026-01-31", "fromBookingDateTime=2026-01-01T10:00:00-03:00",
		"toBookingDateTime=2026-02-30", "page=0", "page=99999999999999999999", "page=+1", "creditDebitIndicator=Debit",
		"status=Booked", "balanceType=Blocked", "balanceType=x", strings.Repeat("a", 5000), "accountIds=" + strings.Repeat("x,", 200),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := parseQuery(raw)
		if err != nil {
			if !clientMistake(err) {
				t.Fatalf("parseQuery(%q): %v is not a client mistake", raw, err)
			}
			return
		}
		ids, err := parseAccountIDs(q, defaultMaxIDs)
		if err != nil && !clientMistake(err) {
			t.Fatalf("parseAccountIDs: %v", err)
		}
		if len(ids) > defaultMaxIDs {
			t.Fatalf("%d ids passed the cap", len(ids))
		}
		for _, id := range ids {
			if checkID("x", id) != nil {
				t.Fatalf("id %q passed unchecked", id)
			}
		}
		tq, err := parseTxQuery(q, brt)
		if err != nil && !clientMistake(err) {
			t.Fatalf("parseTxQuery: %v", err)
		}
		if err == nil && (tq.Page < 1 || tq.Page > maxPage || (!tq.From.IsZero() && !tq.To.IsZero() && tq.From.After(tq.To))) {
			t.Fatalf("parseTxQuery accepted %+v", tq)
		}
		if _, err := parseBalanceType(q); err != nil && !clientMistake(err) {
			t.Fatalf("parseBalanceType: %v", err)
		}
	})
}

// FuzzParseContext feeds arbitrary context header values through the header parser.
func FuzzParseContext(f *testing.F) {
	good := bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: "u1"})
	f.Add("bank", "/open-banking/accounts/v1/accounts", "GET", "id-1", good, "consent-1")
	f.Add("bank", "https://api.example.com/accounts", "get", "id-1", "", "")
	f.Add("", "", "", "", "", "")
	f.Add("bank", "::", "POST", "x", "%%%", "c")
	f.Add("bank", "/a", "GET", "i", "bnVsbA==", "c")
	f.Add("bank", "/a", "GET", "i", "eyJ1c2VySWQiOjF9", "c")
	f.Add("bank", "/a", "GET", "i", strings.Repeat("A", 5000), "c")
	f.Fuzz(func(t *testing.T, aspsp, uri, op, ozone, psu, consent string) {
		h := http.Header{}
		for k, v := range map[string]string{
			bankconnect.HeaderASPSPID: aspsp, bankconnect.HeaderAPIURI: uri, bankconnect.HeaderAPIOperation: op,
			bankconnect.HeaderOzoneInteractionID: ozone, bankconnect.HeaderPSUIdentifier: psu, bankconnect.HeaderConsentID: consent,
		} {
			if v != "" {
				h.Set(k, v)
			}
		}
		c, err := parseContext(h, "bank", http.MethodGet)
		if err == nil {
			if c.OzoneInteractionID == "" || c.APIURI == "" || !strings.EqualFold(c.APIOperation, "GET") || (psu != "" && (c.PSU == nil || c.PSU.UserID == "")) {
				t.Fatalf("accepted %+v from %q", c, []string{aspsp, uri, op, ozone, psu})
			}
		} else if !clientMistake(err) {
			t.Fatalf("parseContext: %v is not a client mistake", err)
		}
		if err := checkHeaderSizes(h); err != nil && !clientMistake(err) {
			t.Fatalf("checkHeaderSizes: %v", err)
		}
		echoInteractionIDs(http.Header{}, h)
	})
}

// TestBookingBounds pins how dates become instants: a date covers its whole day in the bank's zone.
func TestBookingBounds(t *testing.T) {
	from, err := parseBookingBound("2026-03-01", brt, false)
	if err != nil || !from.Equal(time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)) {
		t.Fatalf("from %v, %v", from, err)
	}
	to, err := parseBookingBound("2026-03-01", brt, true)
	if err != nil || !to.Equal(time.Date(2026, 3, 2, 2, 59, 59, 999999999, time.UTC)) {
		t.Fatalf("to %v, %v", to, err)
	}
	at, err := parseBookingBound("2026-03-01T10:00:00Z", brt, true)
	if err != nil || !at.Equal(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("date-time %v, %v", at, err)
	}
}
