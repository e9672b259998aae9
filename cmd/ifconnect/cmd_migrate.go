package main

import (
	"context"
	"fmt"
	neturl "net/url"
	"strings"
	"text/tabwriter"

	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/config"
)

const migrateDoc = `Creates or upgrades the bank's database schema: applies, in order, every migration the database
has not seen yet, and prints what it applied. Running it again is harmless. The bank, seed and ledger
commands refuse a database whose schema is not current, so run this first after installing or
upgrading ifconnect (each replica of the bank shares one PostgreSQL database; migrate it once).

The database defaults to SQLite at STATE/bank.db; --db takes sqlite:PATH, a file path, or a PostgreSQL
URL (postgres://user@host:5432/db?sslmode=verify-full). With --status nothing is changed: it lists each
migration and whether and when it was applied.`

func runMigrate(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("migrate", "ifconnect migrate [options]", migrateDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	dbURL := fs.String("db", "", "bank database: sqlite:PATH, a file path, or postgres://… (default STATE/bank.db)")
	status := fs.Bool("status", false, "list the migrations and whether each is applied, changing nothing")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return config.Usagef("migrate: unexpected argument %q", fs.Arg(0))
	}
	url := *dbURL
	if url == "" {
		st, err := openState()
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		url = "sqlite:" + st.BankDB()
	}
	if *status {
		return printMigrationStatus(ctx, e, url)
	}
	applied, err := store.Migrate(ctx, url)
	if err != nil {
		return fmt.Errorf("migrate: %s", oneLine(err))
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "The bank database %s is up to date; nothing to apply.\n", redactURL(url))
		return nil
	}
	for _, m := range applied {
		fmt.Fprintf(e.stdout, "applied %s\n", m)
	}
	fmt.Fprintf(e.stdout, "Migrated the bank database %s (%d migration(s)).\n", redactURL(url), len(applied))
	return nil
}

func printMigrationStatus(ctx context.Context, e env, url string) error {
	st, err := store.MigrationStatus(ctx, url)
	if err != nil {
		return fmt.Errorf("migrate: %s", oneLine(err))
	}
	fmt.Fprintf(e.stdout, "Bank database %s:\n", redactURL(url))
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "VERSION\tMIGRATION\tSTATE\tAPPLIED AT")
	pending := 0
	for _, m := range st {
		state, at := "applied", m.At.UTC().Format("2006-01-02 15:04:05Z")
		if !m.Applied {
			state, at = "pending", "-"
			pending++
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\n", m.Version, m.Name, state, at)
	}
	w.Flush()
	if pending > 0 {
		fmt.Fprintf(e.stdout, "%d migration(s) pending: run ifconnect migrate.\n", pending)
	} else {
		fmt.Fprintln(e.stdout, "Up to date.")
	}
	return nil
}

// oneLine flattens a multi-line driver message so the failure prints as the one line the binary
// promises.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// redactURL hides the password of a PostgreSQL URL for output.
func redactURL(raw string) string {
	if !strings.HasPrefix(raw, "postgres") {
		return raw
	}
	u, err := neturl.Parse(raw)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}
