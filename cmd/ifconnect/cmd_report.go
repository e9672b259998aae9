package main

import (
	"context"
	"fmt"
	"time"

	"github.com/ifconnect/ifconnect/internal/config"
	usagelog "github.com/ifconnect/ifconnect/internal/usage"
)

// runReport is `ifconnect report`: reports for the bank's administration and the Central Bank.
func runReport(ctx context.Context, e env, args []string) error {
	return subcommand(ctx, e, "report", args, map[string]func(context.Context, env, []string) error{
		"usage": runReportUsage,
	}, `Reports for the institution's administration and the Central Bank.

  usage  calls per client and API family, errors, p95 latency and availability against the SLA,
         consents granted, revoked and expired (theme V of the semiannual report)`)
}

const reportUsageDoc = `Reports the use of the interfaces between --from (inclusive) and --to (exclusive), dates in UTC
(YYYY-MM-DD) or RFC 3339 times, from the per-minute aggregates every replica writes to its database
and the audit trail in the same database:

  calls      per listener, TPP client and API family ("segregadas por cliente e por tipo de dado ou
             serviço compartilhado", Resolução Conjunta nº 1 art. 33, V): calls, client errors (4xx),
             server errors (5xx) and the 95th percentile of the time to first byte;
  endpoints  per operation: calls, availability (share of requests not answered 5xx) over the period
             and on its worst UTC day, days under 95 %, p95 and the share within 1,000 ms, and whether
             the SLA (95 % of every 24 h, 99.5 % per quarter, 95 % within 1,000 ms) was met;
  consents   consents granted, revoked and expired.

The platform's database (--platform) holds the TPP-facing figures and every consent change; the
bank's (default) its Bank Connect and web journey figures.`

func runReportUsage(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("report usage", "ifconnect report usage --from DATE --to DATE [--format csv|json] [--db URL | --platform]", reportUsageDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	dbURL := fs.String("db", "", "database holding the aggregates (default sqlite:STATE/bank.db)")
	platformSide := fs.Bool("platform", false, "report the platform's figures (default database sqlite:STATE/platform.db)")
	fromS := fs.String("from", "", "first day (YYYY-MM-DD, UTC) or instant (RFC 3339) of the period")
	toS := fs.String("to", "", "day after the last (YYYY-MM-DD, UTC) or instant (RFC 3339) ending the period")
	format := fs.String("format", "csv", "output format: csv or json")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return config.Usagef("report usage: unexpected argument %q", fs.Arg(0))
	}
	from, err := parseReportTime("--from", *fromS)
	if err != nil {
		return err
	}
	to, err := parseReportTime("--to", *toS)
	if err != nil {
		return err
	}
	if !from.Before(to) {
		return config.Usagef("report usage: --from must be before --to")
	}
	if *format != "csv" && *format != "json" {
		return config.Usagef("report usage: --format must be csv or json, not %q", *format)
	}
	db, _, err := openSideDB(ctx, openState, *dbURL, *platformSide)
	if err != nil {
		return fmt.Errorf("report usage: %w", err)
	}
	defer db.Close()
	if err := usagelog.Migrate(ctx, db); err != nil {
		return fmt.Errorf("report usage: %w", err)
	}
	rep, err := usagelog.Build(ctx, db, from, to)
	if err != nil {
		return err
	}
	if *format == "json" {
		return rep.WriteJSON(e.stdout)
	}
	return rep.WriteCSV(e.stdout)
}

func parseReportTime(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, config.Usagef("report usage: %s is required", name)
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, config.Usagef("report usage: %s %q is neither a date (YYYY-MM-DD) nor an RFC 3339 time", name, s)
	}
	return t, nil
}
