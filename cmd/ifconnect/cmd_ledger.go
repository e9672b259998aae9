package main

import (
	"context"
	"fmt"

	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/config"
)

const ledgerCheckDoc = `Checks the bank's double-entry ledger: every journal has at least two postings summing to zero;
every account's available balance equals the sum of its postings; every account's statement (credits
minus debits) equals its available balance; every account has a balance. Prints the counts and, when
the ledger does not balance, every problem found, and exits 1.

The database defaults to SQLite at STATE/bank.db; --db takes sqlite:PATH, a file path, or a PostgreSQL
URL. It only reads, so it may run while the bank serves.`

// runLedger dispatches `ifconnect ledger <subcommand>`.
func runLedger(ctx context.Context, e env, args []string) error {
	return subcommand(ctx, e, "ledger", args, map[string]func(context.Context, env, []string) error{
		"check": runLedgerCheck,
	}, "The bank's double-entry ledger: check verifies that it balances.")
}

func runLedgerCheck(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("ledger check", "ifconnect ledger check [options]", ledgerCheckDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	dbURL := fs.String("db", "", "bank database: sqlite:PATH, a file path, or postgres://… (default STATE/bank.db)")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return config.Usagef("ledger check: unexpected argument %q", fs.Arg(0))
	}
	url := *dbURL
	if url == "" {
		st, err := openState()
		if err != nil {
			return fmt.Errorf("ledger check: %w", err)
		}
		url = "sqlite:" + st.BankDB()
	}
	s, err := store.Open(ctx, url)
	if err != nil {
		return fmt.Errorf("ledger check: %w", err)
	}
	defer s.Close()
	r, err := s.CheckLedger(ctx)
	if err != nil {
		return fmt.Errorf("ledger check: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s: %d journals, %d postings, %d accounts\n", s.URL(), r.Journals, r.Postings, r.Accounts)
	if len(r.Problems) == 0 {
		fmt.Fprintln(e.stdout, "The ledger balances.")
		return nil
	}
	for _, p := range r.Problems {
		fmt.Fprintf(e.stdout, "  %s\n", p)
	}
	return fmt.Errorf("ledger check: the ledger does not balance (%d problem(s) listed above)", len(r.Problems))
}
