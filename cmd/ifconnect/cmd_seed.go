package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/config"
)

const seedDoc = `Loads deterministic, realistic data for a fictional Brazilian bank (Banco Ipê S.A., COMPE 401)
into the bank's database: personal and business customers with valid CPF/CNPJ, checking, savings,
prepaid and credit-card accounts with 12+ months of statement lines, loans, financings, invoice
financings and unarranged overdrafts, UK-style standing data, and internet-banking users.

The same --seed, --customers, --months and --now always give the same data. The named demo users (ana,
bruno, carla, diego, eduardo) exist under every seed; their logins and passwords are printed at the end
and written to STATE/demo-users.json. Every other user logs in with its CPF and the password
` + seed.GeneratedPassword + `.

The database defaults to SQLite at STATE/bank.db and is migrated first. Seeding refuses a database
that already holds bank data unless --reset is given, which deletes all of it first.`

func runSeed(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("seed", "ifconnect seed [options]", seedDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	dbURL := fs.String("db", "", "bank database: sqlite:PATH, a file path, or postgres://… (default STATE/bank.db)")
	seedN := fs.Int64("seed", 1, "seed number: the same number gives the same data")
	customers := fs.Int("customers", 50, fmt.Sprintf("number of customers, personal and business (%d to %d)", seed.MinCustomers, seed.MaxCustomers))
	months := fs.Int("months", seed.MinMonths, fmt.Sprintf("months of statement history (%d to %d)", seed.MinMonths, seed.MaxMonths))
	share := fs.Float64("business-share", 0.2, "fraction of customers that are companies (0 to 0.3)")
	batch := fs.Int("batch", 500, "customers per database transaction")
	nowFlag := fs.String("now", "", "end of the history, RFC 3339 or YYYY-MM-DD (default: the start of today, so runs on one day agree)")
	reset := fs.Bool("reset", false, "delete all bank data in the database before seeding")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return config.Usagef("seed: unexpected argument %q", fs.Arg(0))
	}
	now, err := seedNow(*nowFlag, time.Now)
	if err != nil {
		return err
	}
	opts := seed.Options{Seed: *seedN, Customers: *customers, BusinessShare: *share, Months: *months, Now: now, BatchCustomers: *batch}
	switch {
	case *customers < seed.MinCustomers || *customers > seed.MaxCustomers:
		return config.Usagef("seed: --customers must be between %d and %d, not %d", seed.MinCustomers, seed.MaxCustomers, *customers)
	case *months < seed.MinMonths || *months > seed.MaxMonths:
		return config.Usagef("seed: --months must be between %d and %d, not %d", seed.MinMonths, seed.MaxMonths, *months)
	case *share <= 0 || *share > 0.3:
		return config.Usagef("seed: --business-share must be above 0 and at most 0.3, not %g", *share)
	case *batch < 1:
		return config.Usagef("seed: --batch must be positive, not %d", *batch)
	}

	st, err := openState()
	if err != nil {
		return err
	}
	url := *dbURL
	if url == "" {
		url = "sqlite:" + st.BankDB()
	}
	if applied, err := store.Migrate(ctx, url); err != nil {
		return fmt.Errorf("seed: migrate %s: %w", url, err)
	} else if len(applied) > 0 {
		fmt.Fprintf(e.stdout, "Migrated the bank database (%s).\n", strings.Join(applied, ", "))
	}
	s, err := store.Open(ctx, url)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	defer s.Close()

	seeded, err := holdsData(ctx, s)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if seeded {
		if !*reset {
			return fmt.Errorf("seed: the database %s already holds bank data; run with --reset to delete all of it and seed again", s.URL())
		}
		if err := s.Reset(ctx); err != nil {
			return fmt.Errorf("seed: reset %s: %w", s.URL(), err)
		}
		fmt.Fprintf(e.stdout, "Deleted the bank data in %s (--reset).\n", s.URL())
	}

	bar := newProgressBar(e.stderr)
	start := time.Now()
	res, err := seed.Run(ctx, s, opts, bar.update)
	bar.finish()
	if err != nil {
		return fmt.Errorf("seed: %w (batches before the failing one are stored: run again with --reset)", err)
	}
	took := time.Since(start)
	if err := seed.WriteDemoUsers(st.DemoUsers(), res.DemoUsers); err != nil {
		return fmt.Errorf("seed: the data is stored, but: %w", err)
	}

	sts := res.Stats
	fmt.Fprintf(e.stdout, "Seeded %s with seed %d: %d customers (%d business), %d users, %d accounts, %d transactions, %d contracts, %d standing-data records in %s (%.0f rows/s).\n",
		s.URL(), *seedN, sts.Customers, sts.BusinessCustomers, sts.Users, sts.Accounts, sts.Transactions, sts.Contracts, sts.StandingData,
		took.Round(time.Millisecond), float64(sts.Rows())/took.Seconds())
	fmt.Fprintf(e.stdout, "\nDemo users (also in %s):\n", st.DemoUsers())
	printDemoUsers(e.stdout, res.DemoUsers)
	fmt.Fprintf(e.stdout, "\nEvery other user logs in with its CPF and the password %s.\n", seed.GeneratedPassword)
	return nil
}

// seedNow parses --now; without it the history ends at the start of today (UTC), so every run on one
// day produces the same data.
func seedNow(v string, clock core.Clock) (time.Time, error) {
	if v == "" {
		return clock().UTC().Truncate(24 * time.Hour), nil
	}
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, config.Usagef("seed: --now %q must be RFC 3339 (2026-03-14T15:30:00Z) or a date (2026-03-14)", v)
}

// holdsData reports whether the store already holds seeded or imported data: the product catalogue,
// which every seed writes first, or the first customer id seed assigns.
func holdsData(ctx context.Context, s core.Store) (bool, error) {
	products, err := s.Products(ctx)
	if err != nil {
		return false, err
	}
	if len(products) > 0 {
		return true, nil
	}
	_, err = s.Customer(ctx, "cus-1")
	switch core.ErrorCode(err) {
	case "":
		return true, nil
	case core.ENOTFOUND:
		return false, nil
	default:
		return false, err
	}
}

func printDemoUsers(w io.Writer, users []seed.DemoUser) {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  USER\tLOGIN (CPF)\tPASSWORD\tNAME\tACTS FOR")
	for _, u := range users {
		actsFor := "own accounts"
		if u.Business != nil {
			approval := "approves alone"
			if u.Business.DualApproval {
				approval = "two approvals needed"
			}
			actsFor = fmt.Sprintf("own accounts and %s (%s)", u.Business.TradeName, approval)
		}
		if u.TOTPSecret != "" {
			actsFor += "; TOTP secret " + u.TOTPSecret
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", u.Key, core.FormatCPF(u.Login), u.Password, u.Name, actsFor)
	}
	tw.Flush()
}

// progressBar draws the seed's progress on a terminal and stays silent otherwise, where the final
// summary line is enough.
type progressBar struct {
	w     io.Writer
	tty   bool
	start time.Time
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	return &progressBar{w: w, tty: ok && term.IsTerminal(int(f.Fd())), start: time.Now()}
}

func (p *progressBar) update(done, total int) {
	if !p.tty || total == 0 {
		return
	}
	const width = 30
	filled := done * width / total
	elapsed := time.Since(p.start)
	eta := ""
	if done > 0 && done < total {
		eta = fmt.Sprintf(", %s left", (elapsed * time.Duration(total-done) / time.Duration(done)).Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r  [%s%s] %3d%% %d/%d customers, %s%s   ", strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		done*100/total, done, total, elapsed.Round(time.Second), eta)
	p.drawn = true
}

func (p *progressBar) finish() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
