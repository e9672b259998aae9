package connect_test

import (
	"net/http"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

func TestBalances(t *testing.T) {
	e := newEnv(t)
	f := e.f

	t.Run("BAL-010-010 BAL-010-120 returns every balance type of every requested account", func(t *testing.T) {
		var got bankconnect.BalancesResponse
		e.get("/balances?accountIds="+f.Checking.ID+","+f.Savings.ID, nil).ok(t, &got)
		if len(got.Data) != 2*len(bankconnect.BalanceTypes) {
			t.Fatalf("%d balances, want %d", len(got.Data), 2*len(bankconnect.BalanceTypes))
		}
		avail := got.Data[0]
		if avail.AccountID != f.Checking.ID || avail.BalanceType != bankconnect.BalanceInterimAvailable ||
			avail.CreditDebitIndicator != bankconnect.Credit || avail.Timestamp != "2026-06-30T12:00:00Z" {
			t.Fatalf("available balance %+v", avail)
		}
		var sum int64
		for _, tx := range f.CheckingTransactions {
			if tx.CreditDebit == "Credit" {
				sum += int64(tx.Amount)
			} else {
				sum -= int64(tx.Amount)
			}
		}
		if want := moneyString(sum); avail.Amount.Amount != want || avail.Amount.Currency != "BRL" {
			t.Fatalf("available %+v, want %s BRL (the statement's sum)", avail.Amount, want)
		}
		if len(avail.CreditLines) != 3 || avail.CreditLines[0].Amount.Amount != "1000.00" || !avail.CreditLines[0].Included {
			t.Fatalf("credit lines %+v, want the 1000.00 arranged overdraft first", avail.CreditLines)
		}
		if got.Data[1].BalanceType != bankconnect.BalanceBlocked || got.Data[1].Amount.Amount != "10.00" {
			t.Fatalf("blocked balance %+v", got.Data[1])
		}
	})

	t.Run("BAL-010-110 returns only the balance type asked for", func(t *testing.T) {
		var got bankconnect.BalancesResponse
		e.get("/balances?balanceType=Blocked&accountIds="+f.Checking.ID+","+f.Savings.ID, nil).ok(t, &got)
		if len(got.Data) != 2 || got.Data[0].BalanceType != "Blocked" || got.Data[1].BalanceType != "Blocked" {
			t.Fatalf("balances %+v", got.Data)
		}
	})

	t.Run("BAL-010-030 skips unknown and other PSUs' accounts", func(t *testing.T) {
		var got bankconnect.BalancesResponse
		e.get("/balances?balanceType=InterimAvailable&accountIds=x,"+e.other.Checking.ID+","+f.Savings.ID, nil).ok(t, &got)
		if len(got.Data) != 1 || got.Data[0].AccountID != f.Savings.ID {
			t.Fatalf("balances %+v", got.Data)
		}
	})

	t.Run("BAL-010-040 answers an empty data array when nothing is found", func(t *testing.T) {
		var got bankconnect.BalancesResponse
		e.get("/balances?accountIds=x,y", nil).ok(t, &got)
		if got.Data == nil || len(got.Data) != 0 {
			t.Fatalf("balances %+v", got.Data)
		}
	})

	t.Run("BAL-010-020 refuses a call without accountIds", func(t *testing.T) {
		e.get("/balances", nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
	})

	t.Run("BAL-010-130 refuses an unknown balanceType", func(t *testing.T) {
		e.get("/balances?balanceType=ClosingBooked&accountIds="+f.Checking.ID, nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
	})

	t.Run("BAL-020-010 returns the account's balances", func(t *testing.T) {
		var got bankconnect.BalancesResponse
		e.get("/accounts/"+f.CompanyChecking.ID+"/balances", nil).ok(t, &got)
		if len(got.Data) != 3 || got.Data[0].Amount.Amount != "975000.00" {
			t.Fatalf("balances %+v", got.Data)
		}
	})

	t.Run("BAL-020-100 BAL-010-110 returns only the balance type asked for", func(t *testing.T) {
		var got bankconnect.BalancesResponse
		e.get("/accounts/"+f.Checking.ID+"/balances?balanceType=AutomaticallyInvested", nil).ok(t, &got)
		if len(got.Data) != 1 || got.Data[0].BalanceType != "AutomaticallyInvested" || got.Data[0].Amount.Amount != "0.00" {
			t.Fatalf("balances %+v", got.Data)
		}
	})

	t.Run("BAL-010-120 refuses an unknown balanceType on one account", func(t *testing.T) {
		e.get("/accounts/"+f.Checking.ID+"/balances?balanceType=Nope", nil).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidRequest)
	})

	t.Run("BAL-020-020 refuses an account that does not exist", func(t *testing.T) {
		e.get("/accounts/nope/balances", nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)
	})

	t.Run("BAL-020-050 refuses an account of another PSU", func(t *testing.T) {
		e.get("/accounts/"+e.other.Savings.ID+"/balances", nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotAccessible)
	})
}
