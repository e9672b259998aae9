package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/database"
)

// Import loads b in one transaction: every record is checked first (ids present and not repeated,
// CPF/CNPJ check digits, kinds, amounts, references to customers and accounts in the batch or already
// stored, each account's statement summing to its available balance), then written with multi-row
// inserts, and an opening journal credits each account with its balance against
// core.OpeningBalances. Any error rolls the whole batch back and names the offending record.
func (s *Store) Import(ctx context.Context, b core.Batch) error {
	v, err := validateBatch(b)
	if err != nil {
		return err
	}
	return s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if s.db.Dialect == database.SQLite {
			// A bulk load touches index pages all over the growing file; SQLite's default 2 MB page
			// cache would reread most of them for every batch. The setting stays with the connection.
			if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -32768"); err != nil {
				return fmt.Errorf("import: %w", err)
			}
		}
		if err := s.checkStored(ctx, tx, "customers", v.outsideCustomers); err != nil {
			return err
		}
		if err := s.checkStored(ctx, tx, "accounts", v.outsideAccounts); err != nil {
			return err
		}
		if err := s.writeBatch(ctx, tx, b, v); err != nil {
			if database.IsUniqueViolation(err) {
				return core.Errorf(core.ECONFLICT, "the batch repeats a record already stored (%s)", uniqueTarget(err))
			}
			return fmt.Errorf("import: %w", err)
		}
		return nil
	})
}

// checkStored verifies that every id referenced from outside the batch exists in table. It reports the
// first referring record of a missing id.
func (s *Store) checkStored(ctx context.Context, tx *sql.Tx, table string, refs map[string]string) error {
	if len(refs) == 0 {
		return nil
	}
	ids := make([]string, 0, len(refs))
	for id := range refs {
		ids = append(ids, id)
	}
	found := make(map[string]bool, len(ids))
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		in, args := inList(1, part)
		rows, err := tx.QueryContext(ctx, "SELECT id FROM "+table+" WHERE id IN ("+in+")", args...)
		if err != nil {
			return fmt.Errorf("import: check %s: %w", table, err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("import: check %s: %w", table, err)
			}
			found[id] = true
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("import: check %s: %w", table, err)
		}
	}
	for _, id := range ids {
		if !found[id] {
			return core.Errorf(core.EINVALID, "%s refers to %s %s, which is neither in the batch nor stored", refs[id], singular[table], id)
		}
	}
	return nil
}

// uniqueTarget names the unique constraint err violates — "users.login" on SQLite, "users_login" on
// PostgreSQL — without the values, which may be tax ids.
func uniqueTarget(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.ConstraintName
	}
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, "UNIQUE constraint failed: "); ok {
		if end := strings.IndexAny(after, " )"); end >= 0 {
			after = after[:end]
		}
		return after
	}
	return "unique constraint"
}

var singular = map[string]string{"customers": "customer", "accounts": "account"}

func (s *Store) writeBatch(ctx context.Context, tx *sql.Tx, b core.Batch, v *validated) error {
	if err := s.insertCustomers(ctx, tx, b.Customers); err != nil {
		return err
	}
	users := s.newInserter(ctx, tx, "users", userColumns)
	for _, u := range b.Users {
		if err := users.add(u.ID, u.Login, u.CustomerID, u.PasswordHash, u.TOTPSecret, u.Disabled); err != nil {
			return err
		}
	}
	if err := users.flush(); err != nil {
		return err
	}
	if err := s.insertAccounts(ctx, tx, b.Accounts, v.balances); err != nil {
		return err
	}
	txs := s.newInserter(ctx, tx, "transactions", transactionColumns)
	for _, t := range b.Transactions {
		if err := txs.addWith(func(args []any) []any { return appendTransaction(args, t) }); err != nil {
			return err
		}
	}
	if err := txs.flush(); err != nil {
		return err
	}
	contracts := s.newInserter(ctx, tx, "contracts", "id, customer_id, kind, data")
	for _, c := range b.Contracts {
		data, err := encodeJSON(c)
		if err != nil {
			return err
		}
		if err := contracts.add(c.ID, c.CustomerID, string(c.Kind), data); err != nil {
			return err
		}
	}
	if err := contracts.flush(); err != nil {
		return err
	}
	if err := s.insertStanding(ctx, tx, b); err != nil {
		return err
	}
	products := s.newInserter(ctx, tx, "products", "id, name, type")
	for _, p := range b.Products {
		if err := products.add(p.ID, p.Name, p.Type); err != nil {
			return err
		}
	}
	if err := products.flush(); err != nil {
		return err
	}
	return s.postOpening(ctx, tx, b.Accounts, v.balances)
}

func (s *Store) insertCustomers(ctx context.Context, tx *sql.Tx, customers []core.Customer) error {
	ins := s.newInserter(ctx, tx, "customers",
		"id, kind, tax_id, name, social_name, birth_date, email, phone, address, since, updated_at, profile")
	reps := s.newInserter(ctx, tx, "representatives", "person_id, company_id")
	for _, c := range customers {
		address, err := encodeJSON(c.Address)
		if err != nil {
			return err
		}
		prof, err := encodeJSON(profile{Personal: c.Personal, Business: c.BusinessProfile})
		if err != nil {
			return err
		}
		if err := ins.add(c.ID, string(c.Kind), c.TaxID, c.Name, c.SocialName, micros(c.BirthDate), c.Email, c.Phone,
			address, micros(c.Since), micros(c.UpdatedAt), prof); err != nil {
			return err
		}
		if c.BusinessProfile == nil {
			continue
		}
		seen := map[string]bool{}
		for _, r := range c.BusinessProfile.Representatives {
			if r.CustomerID == "" || seen[r.CustomerID] {
				continue
			}
			seen[r.CustomerID] = true
			if err := reps.add(r.CustomerID, c.ID); err != nil {
				return err
			}
		}
	}
	if err := ins.flush(); err != nil {
		return err
	}
	return reps.flush()
}

func (s *Store) insertAccounts(ctx context.Context, tx *sql.Tx, accounts []core.Account, balances map[string]core.Balance) error {
	accs := s.newInserter(ctx, tx, "accounts", accountColumns)
	bals := s.newInserter(ctx, tx, "balances", balanceColumns)
	for _, a := range accounts {
		card, err := encodeJSON(a.Card)
		if err != nil {
			return err
		}
		if err := accs.add(a.ID, a.CustomerID, string(a.Type), string(a.SubType), a.Currency, a.Status, a.CompeCode,
			a.BranchCode, a.Number, a.CheckDigit, a.ProductID, a.ProductName, a.Nickname, micros(a.OpenedAt),
			a.MultiAuth, card, int64(a.Limits.PerPayment), int64(a.Limits.Overdraft)); err != nil {
			return err
		}
		b := balances[a.ID]
		if err := bals.add(a.ID, int64(b.Available), int64(b.Blocked), int64(b.AutomaticallyInvested),
			int64(b.OverdraftLimit), int64(b.OverdraftUsed), int64(b.UnarrangedOverdraftUsed), b.Currency,
			micros(b.At)); err != nil {
			return err
		}
	}
	if err := accs.flush(); err != nil {
		return err
	}
	return bals.flush()
}

func (s *Store) insertStanding(ctx context.Context, tx *sql.Tx, b core.Batch) error {
	type rec struct{ id, account string }
	load := func(table string, n int, at func(i int) (rec, any)) error {
		ins := s.newInserter(ctx, tx, table, "id, account_id, data")
		for i := range n {
			r, v := at(i)
			data, err := encodeJSON(v)
			if err != nil {
				return err
			}
			if err := ins.add(r.id, r.account, data); err != nil {
				return err
			}
		}
		return ins.flush()
	}
	if err := load("direct_debits", len(b.DirectDebits), func(i int) (rec, any) {
		d := b.DirectDebits[i]
		return rec{d.ID, d.AccountID}, d
	}); err != nil {
		return err
	}
	if err := load("standing_orders", len(b.StandingOrders), func(i int) (rec, any) {
		o := b.StandingOrders[i]
		return rec{o.ID, o.AccountID}, o
	}); err != nil {
		return err
	}
	if err := load("scheduled_payments", len(b.ScheduledPayments), func(i int) (rec, any) {
		p := b.ScheduledPayments[i]
		return rec{p.ID, p.AccountID}, p
	}); err != nil {
		return err
	}
	if err := load("beneficiaries", len(b.Beneficiaries), func(i int) (rec, any) {
		x := b.Beneficiaries[i]
		return rec{x.ID, x.AccountID}, x
	}); err != nil {
		return err
	}
	return load("offers", len(b.Offers), func(i int) (rec, any) {
		o := b.Offers[i]
		return rec{o.ID, o.AccountID}, o
	})
}

// postOpening posts one journal for the batch: each account with a non-zero balance is credited with
// it, and core.OpeningBalances takes the opposite of their sum, so the ledger balances from the start
// (core.Importer).
func (s *Store) postOpening(ctx context.Context, tx *sql.Tx, accounts []core.Account, balances map[string]core.Balance) error {
	var sum core.Money
	var at int64
	legs := 0
	for _, a := range accounts {
		b := balances[a.ID]
		sum += b.Available
		at = max(at, micros(b.At))
		if b.Available != 0 {
			legs++
		}
	}
	if legs == 0 {
		return nil
	}
	id := "opening:" + accounts[0].ID
	if _, err := tx.ExecContext(ctx, `INSERT INTO journals (id, kind, reference, posted_at) VALUES ($1, $2, $3, $4)`,
		id, "opening", "import", at); err != nil {
		return fmt.Errorf("insert opening journal: %w", err)
	}
	postings := s.newInserter(ctx, tx, "postings", "journal_id, seq, ledger_account, amount")
	if err := postings.add(id, 0, core.OpeningBalances, int64(-sum)); err != nil {
		return err
	}
	seq := 1
	for _, a := range accounts {
		if b := balances[a.ID]; b.Available != 0 {
			if err := postings.add(id, seq, a.ID, int64(b.Available)); err != nil {
				return err
			}
			seq++
		}
	}
	return postings.flush()
}
