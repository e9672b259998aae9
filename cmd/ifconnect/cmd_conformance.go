package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/conformance"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/state"
)

const conformanceDoc = `Runs the Bank Connect conformance harness against any bank's Bank Connect server: every test case
of the TecBan AIS contract (ACC-010-010 … TXN-020-090, 185 ids; each answer also validated against
the contract's schemas) and checks of the PIS operations (PIS-…), over mutual TLS as the platform
calls it. The server may be ours or another bank's, written in any language.

The harness needs one PSU of the target and what it may read, from one of:
  --users FILE --psu KEY|USERID   a demo-users.json file (ifconnect seed writes STATE/demo-users.json;
                                  the default when --accounts and --consent are not given)
  --psu USERID --accounts IDS     flags: the PSU's deposit accounts (and --cards, --contracts)
  --consent ID                    an Authorised account-access consent read from the consent manager
                                  at --consent-manager (GET /consents/{id}) with --cm-cert/--cm-key
and an account of another PSU (--other-account; with --users, another user's account) for the
"not accessible" cases. The contract names no test case for the Brazilian credit and customer
operations and the PIS operations; the harness checks them too, with ids of its own (LNS, FNC, IFN,
UAO, BRC, PIS). The 401 cases need the bearer token the target accepts (--bearer); cases
that cannot run are reported skipped. With --payment-consent (an Authorised PIX payment consent in the
consent manager the bank reads) the PIS-050 checks make its payment, repeat it and read it back.

A progress bar is drawn when stderr is a terminal; a summary table is printed at the end; --report
writes JUnit XML and --html a self-contained HTML page with the request and response of every
failure. Exit status: 0 when every case passed, 1 when one failed or was skipped, 2 for a usage
mistake.`

func runConformance(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("conformance", "ifconnect conformance --target URL --aspsp-id ID --psu USER [options]", conformanceDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	target := fs.String("target", "", "base URL of the Bank Connect server under test, https://host:port (default: the bank-connect endpoint of STATE/endpoints.json, with its CA and client certificate)")
	ca := fs.String("ca", "", "PEM of the CAs the server's certificate chains to (default STATE/pki/ca.pem)")
	cert := fs.String("cert", "", "client certificate PEM presented to the server, the platform's (default STATE/pki/platform-client.pem)")
	key := fs.String("key", "", "key PEM of --cert (default STATE/pki/platform-client-key.pem)")
	aspspID := fs.String("aspsp-id", "", "the bank's id, sent in o3-aspsp-id (required)")
	bearer := fs.String("bearer", "", "bearer token the server accepts; without it the 401 cases are skipped")
	psu := fs.String("psu", "", "the PSU: a demo user's key or userId with --users, else the userId")
	customerID := fs.String("customer-id", "", "psuIdentifiers.customerId to send (a consent given for one customer)")
	users := fs.String("users", "", "demo-users.json to read the PSU from (default STATE/demo-users.json)")
	accounts := fs.String("accounts", "", "comma-separated deposit accounts of the PSU (instead of --users)")
	cards := fs.String("cards", "", "comma-separated credit-card accounts of the PSU, with --accounts")
	contracts := fs.String("contracts", "", "the PSU's credit contracts with --accounts, FAMILY:ID comma-separated (loans, financings, invoice-financings, unarranged-accounts-overdraft)")
	other := fs.String("other-account", "", "an account of another PSU, which the PSU must never see")
	otherContracts := fs.String("other-contracts", "", "credit contracts of another PSU, FAMILY:ID comma-separated, one per family")
	consent := fs.String("consent", "", "an Authorised account-access consent to read the PSU and accounts from")
	cmURL := fs.String("consent-manager", "", "base URL of the consent manager for --consent and --payment-consent")
	payConsent := fs.String("payment-consent", "", "an Authorised PIX payment consent: the PIS-050 checks make its payment (once per consent)")
	cmCert := fs.String("cm-cert", "", "client certificate PEM for the consent manager, the bank's (default STATE/pki/bank-client.pem)")
	cmKey := fs.String("cm-key", "", "key PEM of --cm-cert (default STATE/pki/bank-client-key.pem)")
	only := fs.String("cases", "", "comma-separated id prefixes to run (ACC-010,TXN,PIS); default all")
	junit := fs.String("report", "", "write a JUnit XML report to this file")
	html := fs.String("html", "", "write a self-contained HTML report to this file")
	timeout := fs.Duration("timeout", 30*time.Second, "timeout of each request")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return config.Usagef("conformance: unexpected argument %q", fs.Arg(0))
	}
	if strings.TrimSpace(*aspspID) == "" {
		return config.Usagef("conformance: --aspsp-id is required")
	}
	if *timeout <= 0 {
		return config.Usagef("conformance: --timeout must be positive")
	}
	if *payConsent != "" && *cmURL == "" {
		return config.Usagef("conformance: --payment-consent needs --consent-manager URL")
	}
	st, err := openState()
	if err != nil {
		return err
	}
	if *target == "" {
		// The bank this state directory runs: `ifconnect bank` publishes its listener, CA and the
		// platform's client certificate.
		ep, err := st.Endpoint("bank-connect")
		if err != nil {
			return config.Usagef("conformance: no --target and no running bank in %s: %v", st.EndpointsFile(), err)
		}
		*target = ep.URL
		*ca, *cert, *key = orEmpty(*ca, ep.CA), orEmpty(*cert, ep.ClientCert), orEmpty(*key, ep.ClientKey)
	}
	if u, err := url.Parse(*target); err != nil || u.Scheme != "https" || u.Host == "" {
		return config.Usagef("conformance: --target must be the server's https:// URL")
	}
	dir := st.PKIDir()
	client := func(id pki.Identity) (*http.Client, error) {
		cfg, err := pki.ClientConfig(pki.ClientOptions{Identity: id, RootCAFiles: []string{orEmpty(*ca, pki.DevCAFile(dir))}})
		if err != nil {
			return nil, fmt.Errorf("conformance: %w", err)
		}
		return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg, ForceAttemptHTTP2: true}, Timeout: *timeout}, nil
	}
	cmClient := func() (*http.Client, error) {
		bank := pki.DevIdentity(dir, "bank-client")
		return client(pki.Identity{Name: "bank-client", CertFile: orEmpty(*cmCert, bank.CertFile), KeyFile: orEmpty(*cmKey, bank.KeyFile)})
	}
	fx, err := conformanceFixture(ctx, st, fixtureFlags{psu: *psu, customerID: *customerID, users: *users, accounts: *accounts, cards: *cards,
		contracts: *contracts, other: *other, otherContracts: *otherContracts, consent: *consent, cmURL: *cmURL}, cmClient)
	if err != nil {
		return err
	}
	// The target's client after the fixture, so a usage mistake there is reported before any
	// certificate is read.
	platform := pki.DevIdentity(dir, "platform-client")
	tc, err := client(pki.Identity{Name: "platform-client", CertFile: orEmpty(*cert, platform.CertFile), KeyFile: orEmpty(*key, platform.KeyFile)})
	if err != nil {
		return err
	}
	var prefixes []string
	if *only != "" {
		prefixes = strings.Split(*only, ",")
	}
	catalogue := conformance.Catalogue()
	if *payConsent != "" {
		c, err := cmClient()
		if err != nil {
			return err
		}
		if fx.PaymentConsent, err = conformance.FromPaymentConsent(ctx, c, *cmURL, *payConsent); err != nil {
			return fmt.Errorf("conformance: %w", err)
		}
	} else {
		catalogue = conformance.PaymentCases(catalogue, false)
		fmt.Fprintln(e.stdout, "The checks that make a payment (PIS-050) are not run: give --payment-consent with --consent-manager.")
	}
	cases := conformance.Select(catalogue, prefixes)
	if len(cases) == 0 {
		return config.Usagef("conformance: --cases %q selects no case", *only)
	}
	tg := &conformance.Target{URL: *target, Client: tc, ASPSPID: *aspspID, Bearer: *bearer}
	rep, err := conformance.Run(ctx, tg, fx, cases, conformanceProgress(e.stderr))
	if rep == nil {
		return err
	}
	if werr := writeReports(rep, *junit, *html); werr != nil {
		return werr
	}
	if serr := conformance.WriteSummary(e.stdout, rep); serr != nil {
		return serr
	}
	if err != nil {
		return fmt.Errorf("conformance: interrupted: %w", err)
	}
	if !rep.Passed() {
		pass, fail, skip := rep.Counts()
		return fmt.Errorf("conformance: %d of %d cases passed (%d failed, %d skipped)", pass, len(rep.Results), fail, skip)
	}
	return nil
}

// fixtureFlags are the options that say who the PSU is.
type fixtureFlags struct {
	psu, customerID, users, accounts, cards, contracts, other, otherContracts, consent, cmURL string
}

// conformanceFixture builds the fixture from the consent manager, from flags or from a demo-users
// file, in that order of precedence.
func conformanceFixture(ctx context.Context, st state.Dir, o fixtureFlags, cmClient func() (*http.Client, error)) (conformance.Fixture, error) {
	var fx conformance.Fixture
	switch {
	case o.consent != "":
		if o.cmURL == "" {
			return fx, config.Usagef("conformance: --consent needs --consent-manager URL")
		}
		c, err := cmClient()
		if err != nil {
			return fx, err
		}
		if fx, err = conformance.FromConsent(ctx, c, o.cmURL, o.consent); err != nil {
			return fx, fmt.Errorf("conformance: %w", err)
		}
	case o.accounts != "":
		if o.psu == "" {
			return fx, config.Usagef("conformance: --accounts needs --psu USERID")
		}
		fx = conformance.Fixture{UserID: o.psu, AccountIDs: splitIDs(o.accounts), CardIDs: splitIDs(o.cards)}
	default:
		if o.psu == "" {
			return fx, config.Usagef("conformance: --psu is required (a demo user's key with --users, or a userId with --accounts)")
		}
		path := o.users
		if path == "" {
			path = st.DemoUsers()
		}
		users, err := conformance.ReadDemoUsers(path)
		if err != nil {
			return fx, config.Usagef("conformance: %v (give --users, or --accounts, or --consent)", err)
		}
		if fx, err = conformance.FromDemoUsers(users, o.psu); err != nil {
			return fx, config.Usagef("conformance: %v in %s", err, path)
		}
	}
	if o.customerID != "" {
		fx.CustomerID = o.customerID
	}
	if o.other != "" {
		fx.ForeignAccountID = o.other
	}
	if o.contracts != "" {
		byFamily, err := familyIDs("--contracts", o.contracts)
		if err != nil {
			return fx, err
		}
		fx.Contracts = map[string][]string{}
		for _, p := range byFamily {
			fx.Contracts[p[0]] = append(fx.Contracts[p[0]], p[1])
		}
	}
	if o.otherContracts != "" {
		byFamily, err := familyIDs("--other-contracts", o.otherContracts)
		if err != nil {
			return fx, err
		}
		fx.ForeignContracts = map[string]string{}
		for _, p := range byFamily {
			fx.ForeignContracts[p[0]] = p[1]
		}
	}
	if err := fx.Valid(); err != nil {
		return fx, config.Usagef("conformance: %v", err)
	}
	return fx, nil
}

// familyIDs parses FAMILY:ID,FAMILY:ID into pairs, refusing unknown families.
func familyIDs(flag, v string) ([][2]string, error) {
	var out [][2]string
	for _, item := range splitIDs(v) {
		fam, id, ok := strings.Cut(item, ":")
		switch fam {
		case bankconnect.FamilyLoans, bankconnect.FamilyFinancings, bankconnect.FamilyInvoiceFinancings, bankconnect.FamilyUnarrangedOverdraft:
		default:
			ok = false
		}
		if !ok || id == "" {
			return nil, config.Usagef("conformance: %s: %q is not FAMILY:ID with a Bank Connect credit family", flag, item)
		}
		out = append(out, [2]string{fam, id})
	}
	return out, nil
}

// orEmpty is v, or def when v is empty.
func orEmpty(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func splitIDs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// writeReports writes the JUnit XML and HTML reports that were asked for.
func writeReports(rep *conformance.Report, junit, html string) error {
	for _, w := range []struct {
		path  string
		write func(io.Writer, *conformance.Report) error
	}{{junit, conformance.WriteJUnit}, {html, conformance.WriteHTML}} {
		if w.path == "" {
			continue
		}
		f, err := os.Create(w.path)
		if err != nil {
			return fmt.Errorf("conformance: %w", err)
		}
		err = w.write(f, rep)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("conformance: write %s: %w", w.path, err)
		}
	}
	return nil
}

// conformanceProgress draws a bar on w when it is a terminal, and nothing otherwise (CI logs, pipes).
func conformanceProgress(w io.Writer) conformance.Progress {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	failed := 0
	return func(r conformance.Result, done, total int) {
		if r.Status == conformance.Fail {
			failed++
		}
		const width = 40
		n := done * width / total
		fmt.Fprintf(w, "\r[%s%s] %3d/%d  %d failed  %-12s", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total, failed, r.ID)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
