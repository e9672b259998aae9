package connect_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

func accountIDs(accs []bankconnect.Account) []string {
	var ids []string
	for _, a := range accs {
		ids = append(ids, a.ID)
	}
	return ids
}

func TestAccounts(t *testing.T) {
	// With the per-user cache (the default) and without it (ScopeTTL < 0), the answers are the same.
	for _, ttl := range []time.Duration{0, -1} {
		t.Run(fmt.Sprintf("scope TTL %v", ttl), func(t *testing.T) {
			testAccounts(t, newEnv(t, func(d *connect.Deps) { d.ScopeTTL = ttl }))
		})
	}
}

func testAccounts(t *testing.T, e *env) {
	f := e.f

	t.Run("ACC-010-010 returns every requested account with its Brazilian data", func(t *testing.T) {
		var got bankconnect.AccountsResponse
		e.get("/accounts?accountIds="+f.Checking.ID+","+f.Savings.ID+","+f.CompanyChecking.ID, nil).ok(t, &got)
		if ids := accountIDs(got.Data); !slices.Equal(ids, []string{f.Checking.ID, f.Savings.ID, f.CompanyChecking.ID}) {
			t.Fatalf("accounts %v", ids)
		}
		a := got.Data[0]
		want := bankconnect.Account{
			ID: f.Checking.ID, BrandID: institution.BrandID, BrandName: institution.BrandName, CompanyCNPJ: institution.CNPJ,
			AccountType: "CONTA_DEPOSITO_A_VISTA", AccountSubType: "INDIVIDUAL", Currency: "BRL", Status: "ENABLED",
			CompeCode: "401", BranchCode: "0001", CheckDigit: "7", Number: f.Checking.Number, NickName: "Conta do dia a dia",
			ProductName: f.Checking.ProductName, OpeningDate: f.Checking.OpenedAt.UTC().Format("2006-01-02T15:04:05Z"),
			AccountNumbers: []bankconnect.AccountNumber{{SchemeName: bankconnect.SchemeBRAccount,
				Identification: "401-0001-" + f.Checking.Number + "-7", SecondaryIdentification: "7"}},
		}
		if !equalJSON(a, want) {
			t.Fatalf("account\n got %+v\nwant %+v", a, want)
		}
	})

	t.Run("ACC-010-030 skips unknown accounts and other PSUs' accounts", func(t *testing.T) {
		var got bankconnect.AccountsResponse
		e.get("/accounts?accountIds=nope,"+f.Savings.ID+","+e.other.Checking.ID, nil).ok(t, &got)
		if ids := accountIDs(got.Data); !slices.Equal(ids, []string{f.Savings.ID}) {
			t.Fatalf("accounts %v, want only %s", ids, f.Savings.ID)
		}
	})

	t.Run("ACC-010-040 answers 200 with an empty data array when nothing is found", func(t *testing.T) {
		r := e.get("/accounts?accountIds=nope,"+e.other.Checking.ID, nil)
		var got bankconnect.AccountsResponse
		r.ok(t, &got)
		if got.Data == nil || len(got.Data) != 0 || string(r.body) != `{"data":[],"meta":{}}` {
			t.Fatalf("body %s, want an empty data array", r.body)
		}
	})

	t.Run("ACC-010-020 refuses a call without accountIds", func(t *testing.T) {
		e.get("/accounts", nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
		e.get("/accounts?accountIds=", nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
	})

	t.Run("ACC-020-010 returns the account", func(t *testing.T) {
		var got bankconnect.AccountResponse
		e.get("/accounts/"+f.CompanyChecking.ID, nil).ok(t, &got)
		if got.Data.ID != f.CompanyChecking.ID || got.Data.AccountSubType != "CONJUNTA_SIMPLES" {
			t.Fatalf("account %+v", got.Data)
		}
	})

	t.Run("ACC-020-020 refuses an account that does not exist", func(t *testing.T) {
		e.get("/accounts/no-such-account", nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)
	})

	t.Run("ACC-020-050 refuses an account of another PSU", func(t *testing.T) {
		e.get("/accounts/"+e.other.Checking.ID, nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotAccessible)
	})
}
