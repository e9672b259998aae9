package flowtest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/tpp"
)

// TestDemoEndToEnd starts the demo once and runs everything against it: both flows with the TPP
// client (tpp1 by private_key_jwt, tpp2 by tls_client_auth), the negative paths, both flows through
// the TPP web app's buttons, the demo's one-line errors, a graceful stop, then --run-flows on the
// now warm state directory.
func TestDemoEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	// Payments stay ACSP for a second: the TPP sees the status change, and a payment's callback is
	// still in flight when the graceful stop below begins.
	d := startDemo(t, dir, "--settlement-delay", "1s")
	users, err := seed.ReadDemoUsers(d.state.DemoUsers())
	if err != nil {
		t.Fatal(err)
	}
	ana, _ := seed.DemoUserByKey(users, "ana")
	bruno, _ := seed.DemoUserByKey(users, "bruno")
	web := d.url(t, "tpp-web")
	issuer := d.url(t, "platform-tpp")
	client := func(id string) *tpp.Client {
		cfg, err := tpp.DevConfig(d.state, id, issuer, web+"/callback")
		if err != nil {
			t.Fatal(err)
		}
		c, err := tpp.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		return c
	}
	tpp1, tpp2 := client("tpp1"), client("tpp2")
	btls, err := tpp.DevBrowserTLS(d.state)
	if err != nil {
		t.Fatal(err)
	}
	tr := tpp.NewBrowserTransport(btls)
	t.Cleanup(tr.CloseIdleConnections)
	ctx := context.Background()

	t.Run("DataSharingFlow", func(t *testing.T) {
		s, err := tpp1.Run(ctx, tr, tpp.Request{Kind: tpp.DataSharing, CPF: ana.CPF}, tpp.PSU{CPF: ana.CPF, Password: ana.Password}, tpp.Choice{})
		if err != nil {
			t.Fatalf("%v\n%s", err, table(s))
		}
		wantSteps(t, s, "1000–1001", "2000–2003", "3000", "3001–3006", "4000–4002", "4003–4006", "5000–5001", "5001–5002", "5003–5004", "6000–6005", "6006–6007")
		if len(s.Accounts) != len(ana.AccountIDs) {
			t.Errorf("shared %d accounts, ana offers %d", len(s.Accounts), len(ana.AccountIDs))
		}
		for _, a := range s.Accounts[:min(3, len(s.Accounts))] {
			if a.Balances["availableAmount"] == nil || a.Transactions == nil {
				t.Errorf("account %s without balances or transactions: %+v", a.ID, a)
			}
		}
	})

	t.Run("PaymentFlowWithSecondFactor", func(t *testing.T) {
		// Bruno answers the bank's TOTP challenge; tpp2 authenticates by its certificate alone.
		psu := tpp.PSU{CPF: bruno.CPF, Password: bruno.Password, TOTPSecret: bruno.TOTPSecret}
		s, err := tpp2.Run(ctx, tr, tpp.Request{Kind: tpp.Payment, CPF: bruno.CPF, Amount: "43.21"}, psu, tpp.Choice{})
		if err != nil {
			t.Fatalf("%v\n%s", err, table(s))
		}
		wantSteps(t, s, "1000–1001", "2000–2009", "3000", "3001–3006", "4000–4002", "4003–4006", "5000–5001", "5001–5002", "5003–5004", "6000–6020", "6016", "6021")
		if last := s.PaymentUpdates[len(s.PaymentUpdates)-1]; len(s.PaymentUpdates) < 2 || last != "ACSC" && last != "ACCC" {
			t.Fatalf("payment ended %s (%v)", last, s.PaymentUpdates)
		}
	})

	t.Run("NegativePaths", func(t *testing.T) {
		steps := tpp1.NegativePaths(ctx, tr, tpp2, tpp.PSU{CPF: ana.CPF, Password: ana.Password})
		if len(steps) != 6 {
			t.Fatalf("%d negative paths, want 6", len(steps))
		}
		for _, s := range steps {
			if !s.OK {
				t.Errorf("%s %s: %d %s", s.Number, s.Title, s.Status, s.Detail)
			}
		}
	})

	t.Run("WebAppDataSharing", func(t *testing.T) {
		p := webJourney(t, ctx, tr, web, "/share", nil, ana)
		for _, s := range []string{"Seus dados compartilhados", "Saldo disponível", "6006–6007"} {
			if !strings.Contains(p.Text(), s) {
				t.Fatalf("result page lacks %q:\n%s", s, p.Text())
			}
		}
		if strings.Contains(p.Text(), "falhou") {
			t.Fatalf("a step failed:\n%s", p.Text())
		}
	})

	t.Run("WebAppPayment", func(t *testing.T) {
		p := webJourney(t, ctx, tr, web, "/pay", map[string]string{"amount": "25.90"}, ana)
		if p.ByID("pagamento") == nil || !strings.Contains(p.Text(), "R$ 25.90") || !strings.Contains(p.Text(), "ACSC") || strings.Contains(p.Text(), "falhou") {
			t.Fatalf("payment result page:\n%s", p.Text())
		}
	})

	t.Run("WebAppRefusal", func(t *testing.T) {
		p := webJourneyRefused(t, ctx, tr, web, ana)
		if p.ByID("recusado") == nil {
			t.Fatalf("refusal result page:\n%s", p.Text())
		}
	})

	t.Run("WebAppInChromium", func(t *testing.T) { chromiumDataSharing(t, web, ana) })

	t.Run("TPPFlowCommand", func(t *testing.T) {
		code, stdout, stderr := runOnce(t, "tpp", "flow", "payment", "--state", dir, "--user", "eduardo", "--json")
		var out struct {
			OK    bool       `json:"ok"`
			Steps []tpp.Step `json:"steps"`
		}
		if err := json.Unmarshal([]byte(stdout), &out); code != 0 || err != nil || !out.OK || len(out.Steps) != 12 {
			t.Fatalf("tpp flow payment: exit %d, %v\n%s\n%s", code, err, stdout, stderr)
		}
		code, stdout, _ = runOnce(t, "tpp", "flow", "accounts", "--state", dir, "--refuse")
		if code != 0 || !strings.Contains(stdout, "access_denied") {
			t.Fatalf("tpp flow accounts --refuse: exit %d\n%s", code, stdout)
		}
	})

	t.Run("LockedStateDirectory", func(t *testing.T) {
		code, _, stderr := runOnce(t, append([]string{"demo", "--state", dir}, freePorts...)...)
		if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "in use by another ifconnect demo") {
			t.Fatalf("second demo on the same state: exit %d, stderr %q", code, stderr)
		}
	})

	t.Run("PortInUse", func(t *testing.T) {
		busy := strings.TrimPrefix(issuer, "https://")
		code, _, stderr := runOnce(t, "demo", "--state", filepath.Join(t.TempDir(), "other"), "--platform-tpp-listen", busy)
		if code != 1 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "already in use") || !strings.Contains(stderr, "--platform-tpp-listen") {
			t.Fatalf("demo on a busy port: exit %d, stderr %q", code, stderr)
		}
	})

	t.Run("GracefulStopFinishesRequestsInFlight", func(t *testing.T) {
		// A payment's callback runs the code exchange, the payment and the polling of its status
		// (a second, the settlement delay); Ctrl-C in the middle must let it finish against the
		// platform and the bank, which stop after the TPP web app has drained.
		b := browser(t, tr)
		consent := atConsentPage(t, ctx, b, web, "/pay", map[string]string{"amount": "3.00"}, ana)
		f := consent.Form("/consent/", "/confirm")
		if err := f.Check("account", f.Choices("account")[0]); err != nil {
			t.Fatal(err)
		}
		nav, err := b.Submit(ctx, f, "confirmar")
		must(t, err, nav)
		back := nav.Page.LinkByID("voltar")
		nav, err = b.Open(ctx, back)
		must(t, err, nav)
		cbForm := nav.Page.Form("/callback", "")
		u, _ := url.Parse(back)
		frag, _ := url.ParseQuery(u.Fragment)
		for k, vs := range frag {
			cbForm.Add(k, vs[0])
		}
		type result struct {
			nav tpp.Navigation
			err error
		}
		done := make(chan result, 1)
		go func() {
			nav, err := b.Submit(ctx, cbForm, "")
			done <- result{nav, err}
		}()
		// Sequencing only: let the callback reach the server before the interrupt.
		time.Sleep(300 * time.Millisecond)
		d.interrupt(t)
		r := <-done
		// The callback's answer is the redirect to its result page, which the browser asks for after
		// the server has stopped taking new requests: a completed callback shows as that refused GET.
		if r.err != nil && !strings.Contains(r.err.Error(), "GET /result/") {
			t.Fatalf("the callback in flight at the stop: %v", r.err)
		}
		if r.err == nil && (r.nav.Page == nil || r.nav.Page.ByID("pagamento") == nil || strings.Contains(r.nav.Page.Text(), "falhou")) {
			t.Fatalf("the callback in flight at the stop: %+v", r.nav)
		}
		d.waitStopped(t)
		// The flow itself ran to the settled payment: the web app logs every flow that fails.
		log, err := os.ReadFile(d.state.Path("demo.log"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(log), "TPP flow failed") {
			t.Fatalf("a TPP flow failed (demo.log):\n%s", log)
		}
	})

	t.Run("RunFlows", func(t *testing.T) {
		code, stdout, stderr := runOnce(t, append([]string{"demo", "--state", dir, "--run-flows"}, freePorts...)...)
		if code != 0 || !strings.Contains(stdout, "Every step matched its expectation.") {
			t.Fatalf("demo --run-flows: exit %d\n%s\n%s", code, stdout, stderr)
		}
		for _, s := range []string{"6006–6007", "6021", "negative paths", "another client's certificate"} {
			if !strings.Contains(stdout, s) {
				t.Errorf("--run-flows output lacks %q", s)
			}
		}
	})
}

// wantSteps checks the flow went through these steps, in this order, each as expected.
func wantSteps(t *testing.T, s *tpp.Session, numbers ...string) {
	t.Helper()
	var got []string
	for _, st := range s.Steps.List {
		if !st.OK {
			t.Errorf("step %s %s failed: %s", st.Number, st.Title, st.Detail)
		}
		if len(got) == 0 || got[len(got)-1] != st.Number {
			got = append(got, st.Number)
		}
	}
	if !slices.Equal(got, numbers) {
		t.Fatalf("steps %v, want %v", got, numbers)
	}
}

func table(s *tpp.Session) string {
	if s == nil {
		return ""
	}
	var b strings.Builder
	for _, st := range s.Steps.List {
		b.WriteString(st.Number + " " + st.Title + ": " + st.Detail + "\n")
	}
	return b.String()
}

// webJourney presses a button of the TPP web app and goes through the bank's pages as a browser
// would, the callback page's script included (it posts the URL fragment back), and returns the
// result page.
func webJourney(t *testing.T, ctx context.Context, tr http.RoundTripper, web, action string, fields map[string]string, u seed.DemoUser) *tpp.Page {
	t.Helper()
	b := browser(t, tr)
	consent := atConsentPage(t, ctx, b, web, action, fields, u)
	f := consent.Form("/consent/", "/confirm")
	choices := f.Choices("account")
	if action == "/pay" {
		choices = choices[:1]
	}
	if err := f.Check("account", choices...); err != nil {
		t.Fatal(err)
	}
	nav, err := b.Submit(ctx, f, "confirmar")
	must(t, err, nav)
	return backAtTPP(t, ctx, b, nav)
}

func webJourneyRefused(t *testing.T, ctx context.Context, tr http.RoundTripper, web string, u seed.DemoUser) *tpp.Page {
	t.Helper()
	b := browser(t, tr)
	consent := atConsentPage(t, ctx, b, web, "/share", nil, u)
	nav, err := b.Submit(ctx, consent.Form("/consent/", "/confirm"), "recusar")
	must(t, err, nav)
	return backAtTPP(t, ctx, b, nav)
}

// browser is a browser that never stops at a redirect URI: it loads the TPP's callback page too.
func browser(t *testing.T, tr http.RoundTripper) *tpp.Browser {
	b, err := tpp.NewBrowser(tr, "https://redirect.invalid/none")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func atConsentPage(t *testing.T, ctx context.Context, b *tpp.Browser, web, action string, fields map[string]string, u seed.DemoUser) *tpp.Page {
	t.Helper()
	nav, err := b.Open(ctx, web+"/")
	must(t, err, nav)
	f := nav.Page.Form(action, "")
	if f == nil {
		t.Fatalf("no %s form on the TPP's home page:\n%s", action, nav.Page.Text())
	}
	if err := f.Set("person", u.CPF); err != nil {
		t.Fatal(err)
	}
	for k, v := range fields {
		if err := f.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	// The button: token, consent, PAR, then the redirect to the bank's /auth and its login page.
	nav, err = b.Submit(ctx, f, "")
	must(t, err, nav)
	login := nav.Page.Form("/login", "")
	if login == nil {
		t.Fatalf("the button did not lead to the bank's login page (%s):\n%s", nav.Page.URL, nav.Page.Text())
	}
	login.Set("cpf", u.CPF)
	login.Set("password", u.Password)
	nav, err = b.Submit(ctx, login, "")
	must(t, err, nav)
	if nav.Page.Form("/consent/", "/confirm") == nil {
		t.Fatalf("no consent page after the login:\n%s", nav.Page.Text())
	}
	return nav.Page
}

// backAtTPP follows the bank's way back to the TPP and plays the callback page's script.
func backAtTPP(t *testing.T, ctx context.Context, b *tpp.Browser, nav tpp.Navigation) *tpp.Page {
	t.Helper()
	back := nav.Page.LinkByID("voltar")
	if back == "" {
		t.Fatalf("no way back to the TPP:\n%s", nav.Page.Text())
	}
	nav, err := b.Open(ctx, back)
	must(t, err, nav)
	f := nav.Page.Form("/callback", "")
	if f == nil {
		t.Fatalf("the TPP's callback page has no form:\n%s", nav.Page.Text())
	}
	u, _ := url.Parse(back)
	frag, err := url.ParseQuery(u.Fragment)
	if err != nil || (frag.Get("code") == "" && frag.Get("error") == "") {
		t.Fatalf("the redirect carries no authorization response in its fragment: %s", back)
	}
	for k, vs := range frag {
		f.Add(k, vs[0])
	}
	nav, err = b.Submit(ctx, f, "")
	must(t, err, nav)
	return nav.Page
}

func must(t *testing.T, err error, nav tpp.Navigation) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if nav.Page == nil {
		t.Fatalf("the browser left for %s", nav.Arrived)
	}
}
