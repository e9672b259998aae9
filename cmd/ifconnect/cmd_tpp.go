package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/state"
	"github.com/ifconnect/ifconnect/internal/tpp"
)

// runTPP is `ifconnect tpp`: the TPP client.
func runTPP(ctx context.Context, e env, args []string) error {
	return subcommand(ctx, e, "tpp", args, map[string]func(context.Context, env, []string) error{
		"flow": runTPPFlow,
	}, `The TPP client: drives the platform's flows as a TPP (FAPI over mutual TLS) and the customer's
browser would.

  flow accounts|payment   run the data-sharing or the payment flow step by step`)
}

const tppFlowDoc = `Runs one whole flow without a browser, as the development TPP --client: the client-credentials
token, the consent, the pushed authorization request, then the customer's journey at the bank (its
/auth, the login form, the consent page — every account offered is checked, or the first for a
payment) followed redirect by redirect, the code exchange with id_token checks, and the Open Banking
APIs: accounts, balances and transactions, or the PIX payment and its status until it settles.

Every numbered step of tecban/images/fluxo_compartilhamento.png (1000 … 6007) or pis-detailed.png
(1000 … 6021) is printed with its HTTP status, latency and expectation; the command exits 0 only if
every step matched. The platform and the bank must be running (ifconnect demo, or ifconnect platform and
ifconnect bank); their addresses come from STATE/endpoints.json.

--user is a demo user's key or CPF (default ana), whose password and second factor come from
STATE/demo-users.json; any other CPF needs --password.`

func runTPPFlow(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("tpp flow", "ifconnect tpp flow accounts|payment [--user U --password P] [--json]", tppFlowDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	client := fs.String("client", "tpp1", "development TPP: tpp1 (private_key_jwt) or tpp2 (tls_client_auth)")
	issuer := fs.String("issuer", "", "the platform's issuer URL (default the platform-tpp endpoint of endpoints.json)")
	redirect := fs.String("redirect-uri", "", "the registered redirect URI the journey ends at (default: the running demo's TPP web app /callback, else "+tpp.DefaultRedirectURI+")")
	user := fs.String("user", "ana", "the customer: a demo user's key or a CPF")
	pw := fs.String("password", "", "the customer's password (default: the demo user's)")
	cnpj := fs.String("cnpj", "", "log in as representative of this company (data sharing)")
	totpSecret := fs.String("totp-secret", "", "base32 TOTP secret, when the bank asks for a second factor (default: the demo user's)")
	amount := fs.String("amount", "12.34", "payment amount in BRL")
	refuse := fs.Bool("refuse", false, "refuse the consent at the bank instead of confirming it (the flow then ends at 5001–5002)")
	asJSON := fs.Bool("json", false, "print the steps as JSON")
	// The kind is the first argument; options may follow it.
	var kind string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		kind, args = args[0], args[1:]
	}
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if kind == "" && fs.NArg() > 0 {
		kind = fs.Arg(0)
	}
	if kind != string(tpp.DataSharing) && kind != string(tpp.Payment) {
		return config.Usagef("tpp flow: say which flow: accounts or payment")
	}
	st, err := openState()
	if err != nil {
		return err
	}
	psu, err := resolvePSU(st, *user, *pw, *cnpj, *totpSecret)
	if err != nil {
		return err
	}
	if *redirect == "" {
		if ep, err := st.Endpoint("tpp-web"); err == nil {
			*redirect = ep.URL + "/callback"
		}
	}
	cfg, err := tpp.DevConfig(st, *client, *issuer, *redirect)
	if err != nil {
		return err
	}
	c, err := tpp.New(cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	btls, err := tpp.DevBrowserTLS(st)
	if err != nil {
		return err
	}
	tr := tpp.NewBrowserTransport(btls)
	defer tr.CloseIdleConnections()
	req := tpp.Request{Kind: tpp.Kind(kind), CPF: psu.CPF, CNPJ: psu.CNPJ, Amount: *amount}
	start := time.Now()
	s, err := c.Run(ctx, tr, req, psu, tpp.Choice{Refuse: *refuse})
	if *refuse && errors.Is(err, tpp.ErrRefused) {
		// The refusal was asked for: the failed 5001–5002 step is the expected outcome.
		s.Steps.List[len(s.Steps.List)-1].OK, err = true, nil
	}
	if s != nil {
		if *asJSON {
			b, jerr := json.MarshalIndent(map[string]any{"flow": kind, "consentId": s.ConsentID, "ok": err == nil && s.Steps.OK(), "steps": s.Steps.List}, "", "  ")
			if jerr != nil {
				return jerr
			}
			fmt.Fprintln(e.stdout, string(b))
		} else {
			printSteps(e.stdout, fmt.Sprintf("%s flow as %s for CPF %s (consent %s)", kind, *client, psu.CPF, s.ConsentID), s.Steps.List, time.Since(start))
		}
	}
	if err != nil {
		return fmt.Errorf("tpp flow %s: %w", kind, err)
	}
	return nil
}

// resolvePSU finds the customer's credentials: a demo user by key or CPF, or the CPF and password given.
func resolvePSU(st state.Dir, user, pw, cnpj, secret string) (tpp.PSU, error) {
	psu := tpp.PSU{CPF: user, CNPJ: cnpj, Password: pw, TOTPSecret: secret}
	users, err := seed.ReadDemoUsers(st.DemoUsers())
	if err == nil {
		for _, u := range users {
			if u.Key == user || u.CPF == user || u.Login == user {
				psu.CPF = u.CPF
				if psu.Password == "" {
					psu.Password = u.Password
				}
				if psu.TOTPSecret == "" {
					psu.TOTPSecret = u.TOTPSecret
				}
			}
		}
	}
	if psu.Password == "" {
		return psu, config.Usagef("tpp flow: %q is not a demo user of %s: give its --password", user, st.DemoUsers())
	}
	return psu, nil
}

// printSteps prints a flow's steps as a table.
func printSteps(w io.Writer, title string, steps []tpp.Step, total time.Duration) {
	fmt.Fprintf(w, "%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tWHAT\tHTTP\tLATENCY\tEXPECTED\tRESULT")
	for _, s := range steps {
		status, result := "", "ok"
		if s.Status != 0 {
			status = fmt.Sprint(s.Status)
		}
		if !s.OK {
			result = "FAILED: " + s.Detail
		} else if s.Detail != "" {
			result = "ok: " + oneLineDetail(s.Detail)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.Number, s.Title, status, fmtLatency(s.Latency), s.Expect, result)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d steps in %s\n\n", len(steps), fmtLatency(total))
}

func fmtLatency(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

// oneLineDetail keeps a step's detail short in the table.
func oneLineDetail(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 70 {
		s = s[:70] + "…"
	}
	return s
}
