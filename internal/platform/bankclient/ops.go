package bankclient

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// Get makes a GET call: endpoint is the contract's operation ("GET /accounts/{accountId}"), path the
// concrete path.
func (c *Client) Get(ctx context.Context, cc Context, endpoint, path string, q url.Values, out any) error {
	return c.Do(ctx, cc, Request{Method: http.MethodGet, Endpoint: endpoint, Path: path, Query: q}, out)
}

// Accounts calls GET /accounts?accountIds=… (ACC-010-010): the PSU's accounts among ids.
func (c *Client) Accounts(ctx context.Context, cc Context, ids []string) ([]bankconnect.Account, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out bankconnect.AccountsResponse
	err := c.Get(ctx, cc, "GET /accounts", "/accounts", url.Values{bankconnect.QueryAccountIDs: {strings.Join(ids, ",")}}, &out)
	return out.Data, err
}

// Account calls GET /accounts/{accountId} (ACC-020-010).
func (c *Client) Account(ctx context.Context, cc Context, id string) (bankconnect.Account, error) {
	var out bankconnect.AccountResponse
	err := c.Get(ctx, cc, "GET /accounts/{accountId}", "/accounts/"+url.PathEscape(id), nil, &out)
	return out.Data, err
}

// Balances calls GET /accounts/{accountId}/balances (BAL-020-010).
func (c *Client) Balances(ctx context.Context, cc Context, id string) ([]bankconnect.Balance, error) {
	var out bankconnect.BalancesResponse
	err := c.Get(ctx, cc, "GET /accounts/{accountId}/balances", "/accounts/"+url.PathEscape(id)+"/balances", nil, &out)
	return out.Data, err
}

// TransactionFilter narrows GET /accounts/{accountId}/transactions; zero members do not filter.
type TransactionFilter struct {
	// From and To are bank booking bounds as the contract accepts them: a date (YYYY-MM-DD, in the
	// bank's time zone) or an RFC 3339 date-time.
	From, To string
	// CreditDebit is bankconnect.Credit or Debit.
	CreditDebit string
}

// MaxTransactionPages bounds how many pages Transactions reads from the bank for one request.
const MaxTransactionPages = 200

// Transactions calls GET /accounts/{accountId}/transactions page after page (TXN-010-010) and
// returns every matching transaction, newest first, up to MaxTransactionPages pages.
func (c *Client) Transactions(ctx context.Context, cc Context, id string, f TransactionFilter) ([]bankconnect.Transaction, error) {
	q := url.Values{}
	if f.From != "" {
		q.Set(bankconnect.QueryFromBookingDateTime, f.From)
	}
	if f.To != "" {
		q.Set(bankconnect.QueryToBookingDateTime, f.To)
	}
	if f.CreditDebit != "" {
		q.Set(bankconnect.QueryCreditDebitIndicator, f.CreditDebit)
	}
	var all []bankconnect.Transaction
	for page := 1; page <= MaxTransactionPages; page++ {
		q.Set(bankconnect.QueryPage, strconv.Itoa(page))
		var out bankconnect.TransactionsResponse
		if err := c.Get(ctx, cc, "GET /accounts/{accountId}/transactions", "/accounts/"+url.PathEscape(id)+"/transactions", q, &out); err != nil {
			return nil, err
		}
		all = append(all, out.Data...)
		if !out.Meta.Paginated || page >= out.Meta.TotalPages || len(out.Data) == 0 {
			break
		}
	}
	return all, nil
}
