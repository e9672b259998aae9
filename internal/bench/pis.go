package bench

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient/tecbantest"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/pki"
)

// PISOptions configure the Bank Connect PIS benchmark.
type PISOptions struct {
	// DBURL is the bank database. Its data is replaced: the benchmark loads its own debtors.
	DBURL string
	// Debtors is how many debtor accounts the payments rotate over (default 64), so PostgreSQL's row
	// locks on one balance do not serialise every payment; SQLite serialises writers anyway.
	Debtors int
	// Duration of the measured run, after a Warmup run that is not measured.
	Duration, Warmup time.Duration
	Connections      int
	// SettlementDelay is the settlement worker's delay (0: completes each payment at once).
	SettlementDelay time.Duration
	// Progress receives a line per step; nil discards.
	Progress io.Writer
	// CPUProfile, when set, receives a pprof CPU profile of the measured run.
	CPUProfile io.Writer
}

// PISReport is the benchmark's outcome.
type PISReport struct {
	Database    string `json:"database"`
	Debtors     int    `json:"debtors"`
	Connections int    `json:"connections"`
	Scenario    Result `json:"scenario"`
	// Acknowledged is how many payments the bank answered 201 (warm-up included); PaymentJournals how
	// many payment journals the ledger holds: equal when every acknowledged payment exists once.
	Acknowledged    int     `json:"paymentsAcknowledged"`
	PaymentJournals int     `json:"paymentJournals"`
	AllSettled      bool    `json:"allSettled"`
	ConsentGets     int64   `json:"consentManagerGets"`
	Ledger          Ledger  `json:"ledger"`
	PeakRSSMB       float64 `json:"peakRssMB"`
	// CPUPerPaymentMS is the process's CPU time (bank, consent manager stand-in and load generator
	// together) per payment during the run; CPUShare the share of one core the process got. On a
	// machine shared with other work a low share, not the code, limits the rate.
	CPUPerPaymentMS float64 `json:"cpuPerPaymentMs"`
	CPUShare        float64 `json:"cpuShareOfOneCore"`
	Met             bool    `json:"met"`
}

// Ledger is the ledger check after the run.
type Ledger struct {
	Journals int      `json:"journals"`
	Postings int      `json:"postings"`
	Balanced bool     `json:"balanced"`
	Problems []string `json:"problems,omitempty"`
}

// Targets of the issue: POST /payments with distinct consents at 1,500 payments/s, p99 within 25 ms,
// and the ledger check passing after the run, on SQLite and on PostgreSQL.
const (
	paymentsTargetRPS = 1_500
	paymentsP99MS     = 25
	benchISPB         = "40140140"
)

// PIS runs the Bank Connect PIS benchmark: the Bank Connect server with the payment service and the
// settlement worker over mutual TLS on loopback in front of the store at o.DBURL; a stand-in for the
// platform's consent manager over mutual TLS that answers every consent id with an authorised consent
// of 1.00 BRL; and vegeta posting payments, each under a new consent and idempotency key, with the
// platform's client certificate.
func PIS(ctx context.Context, o PISOptions) (PISReport, error) {
	say := func(format string, args ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, format+"\n", args...)
		}
	}
	if o.Debtors <= 0 {
		o.Debtors = 64
	}
	rep := PISReport{Debtors: o.Debtors, Connections: o.Connections}
	st, err := pisStore(ctx, o.DBURL, o.Debtors, say)
	if err != nil {
		return rep, err
	}
	defer st.Close()
	rep.Database = st.URL()
	loaded, err := st.CheckLedger(ctx)
	if err != nil {
		return rep, err
	}

	dir, err := os.MkdirTemp("", "ifconnect-bench-pis-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)
	tlsc, err := pisPKI(dir)
	if err != nil {
		return rep, err
	}

	// The consent manager stand-in: consent "bench-<debtor>-<n>" is authorised for debtor's user and
	// account.
	cm := tecbantest.NewConsentManager()
	templates := make([]consentmgr.ConsentGetResponse, o.Debtors)
	for d := range templates {
		templates[d] = tecbantest.PixConsent("", consentmgr.StatusAuthorised, debtorUser(d), []string{debtorAccount(d)}, benchConsentBody)
	}
	cm.Generate = func(id string) (consentmgr.ConsentGetResponse, bool) {
		parts := strings.Split(id, "-")
		if len(parts) != 4 || parts[0] != "bench" {
			return consentmgr.ConsentGetResponse{}, false
		}
		d, err := strconv.Atoi(parts[2])
		if err != nil || d < 0 || d >= o.Debtors {
			return consentmgr.ConsentGetResponse{}, false
		}
		c := templates[d]
		body := *c.ConsentBody
		body.Data.ConsentID = "urn:tecban:" + id
		c.ID, c.ConsentBody = id, &body
		return c, true
	}
	cmURL, stopCM, err := servePIS(ctx, cm, tlsc.cmServer)
	if err != nil {
		return rep, err
	}
	defer stopCM()
	consents, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: cmURL, TLS: tlsc.bankClient, MaxConns: 2 * o.Connections})
	if err != nil {
		return rep, err
	}
	defer consents.Close()

	settlement := core.NewSettlement(st, core.SettlementOptions{Delay: o.SettlementDelay, Poll: 100 * time.Millisecond})
	svc, err := core.NewPaymentService(core.PaymentDeps{
		Accounts: st, Finder: st, Customers: st, Users: st, Payments: st, Lookup: st, Consents: consents,
		Rules: core.BankRules{ISPB: benchISPB}, Executed: settlement.Notify,
	})
	if err != nil {
		return rep, err
	}
	workCtx, stopWork := context.WithCancel(ctx)
	settled := make(chan struct{})
	go func() { settlement.Run(workCtx); close(settled) }()
	defer func() { stopWork(); <-settled }()

	h := connect.NewServer(connect.Deps{
		ASPSPID: benchASPSP, Institution: connect.Institution{BrandID: "banco-ipe", BrandName: seed.DefaultBank.Brand, CNPJ: seed.DefaultBank.CNPJ},
		Customers: st, Accounts: st, Transactions: st, Contracts: st, StandingData: st, Payments: svc,
		Log: slog.New(slog.DiscardHandler),
	})
	bankURL, stopBank, err := servePIS(ctx, h, tlsc.bankServer)
	if err != nil {
		return rep, err
	}
	defer stopBank()

	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	var seq atomic.Int64
	targeter := func(t *vegeta.Target) error {
		n := seq.Add(1)
		d := int(n % int64(o.Debtors))
		consent := fmt.Sprintf("bench-%s-%d-%d", run, d, n)
		*t = vegeta.Target{Method: http.MethodPost, URL: bankURL + bankconnect.PathPayments, Header: pisHeaders(consent, d),
			Body: tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, benchPaymentBody, consent)}
		return nil
	}
	attack := func(name string, d time.Duration) Result {
		return Attack(ctx, AttackOptions{Name: name, Duration: d, Connections: o.Connections, TLS: tlsc.platformClient, Targeter: targeter, OK: "201"})
	}
	if o.Warmup > 0 {
		say("warming up for %s", o.Warmup)
		rep.Acknowledged += attack("warmup", o.Warmup).StatusCodes["201"]
	}
	ResetPeakRSS()
	if o.CPUProfile != nil {
		if err := pprof.StartCPUProfile(o.CPUProfile); err != nil {
			return rep, fmt.Errorf("bench: CPU profile: %w", err)
		}
	}
	say("posting payments for %s over %d connections to %s", o.Duration, o.Connections, rep.Database)
	cpu0 := CPUTime()
	r := attack("POST /payments (a new consent each)", o.Duration)
	if cpu := CPUTime() - cpu0; r.Requests > 0 && r.Seconds > 0 {
		rep.CPUPerPaymentMS = float64(cpu.Microseconds()) / 1000 / float64(r.Requests)
		rep.CPUShare = cpu.Seconds() / r.Seconds
	}
	if o.CPUProfile != nil {
		pprof.StopCPUProfile()
	}
	rep.PeakRSSMB = PeakRSSMB()
	r.TargetRPS, r.TargetP99MS = paymentsTargetRPS, paymentsP99MS
	r.Met = r.RPS >= paymentsTargetRPS && r.P99 <= paymentsP99MS && r.Errors == 0 && r.Requests > 0
	rep.Scenario = r
	rep.Acknowledged += r.StatusCodes["201"]
	rep.ConsentGets = cm.Gets()

	// Let the settlement worker finish, then count and check the ledger.
	say("waiting for settlement")
	deadline := time.Now().Add(time.Minute + o.SettlementDelay)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		left, err := st.PaymentsInStatus(ctx, core.PaymentAcceptedSettlementInProcess, time.Now().Add(time.Hour), 1)
		if err != nil {
			return rep, err
		}
		if len(left) == 0 {
			rep.AllSettled = true
			break
		}
		settlement.Notify(core.Payment{})
		time.Sleep(50 * time.Millisecond)
	}
	lr, err := st.CheckLedger(ctx)
	if err != nil {
		return rep, err
	}
	rep.Ledger = Ledger{Journals: lr.Journals, Postings: lr.Postings, Balanced: len(lr.Problems) == 0, Problems: lr.Problems}
	rep.PaymentJournals = lr.Journals - loaded.Journals
	rep.Met = r.Met && rep.Ledger.Balanced && rep.AllSettled && rep.PaymentJournals == rep.Acknowledged
	return rep, ctx.Err()
}

var (
	benchCreditor    = bankconnect.PixIdentification{PersonType: "PESSOA_NATURAL", CPFCNPJ: core.CompleteCPF("555666777"), Name: "Marcos Vinícius Lima"}
	benchConsentBody = bankconnect.PixPaymentConsent{Data: bankconnect.PixPaymentConsentData{
		Creditor: &benchCreditor,
		Payment: &bankconnect.PixConsentPayment{Type: "PIX", Currency: "BRL", Amount: "1.00",
			Details: &bankconnect.PixDetails{LocalInstrument: "DICT", Proxy: "marcos@example.com.br"}},
	}}
	benchPaymentBody = bankconnect.PixPayment{Data: bankconnect.PixPaymentData{
		Payment:         &bankconnect.PixAmount{Amount: "1.00", Currency: "BRL"},
		CreditorAccount: &bankconnect.PixAccount{ISPB: "60746948", BranchCode: "0452", Number: "12345678", CheckDigit: "0", AccountType: "CACC"},
		PixKey:          "marcos@example.com.br", LocalInstrument: "DICT", RemittanceInformation: "bench",
	}}
)

func debtorUser(d int) string    { return fmt.Sprintf("bench-user-%d", d) }
func debtorAccount(d int) string { return fmt.Sprintf("bench-account-%d", d) }

// pisHeaders are the context headers of POST /payments under consent for debtor d's user.
func pisHeaders(consent string, d int) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(bankconnect.HeaderASPSPID, benchASPSP)
	h.Set(bankconnect.HeaderAPIURI, "/open-banking/payments/v1/pix/payments")
	h.Set(bankconnect.HeaderAPIOperation, http.MethodPost)
	h.Set(bankconnect.HeaderOzoneInteractionID, consent)
	h.Set(bankconnect.HeaderConsentID, consent)
	h.Set(bankconnect.HeaderPSUIdentifier, bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: debtorUser(d)}))
	return h
}

// pisStore migrates the database at url, empties it and loads debtors customers, each with a login
// and a checking account holding R$ 100,000,000.00 with no per-payment limit.
func pisStore(ctx context.Context, url string, debtors int, say func(string, ...any)) (*store.Store, error) {
	if _, err := store.Migrate(ctx, url); err != nil {
		return nil, fmt.Errorf("bench: migrate %s: %w", url, err)
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	say("loading %d debtors into %s (its data is replaced)", debtors, st.URL())
	if err := st.Reset(ctx); err != nil {
		st.Close()
		return nil, err
	}
	at := time.Now().UTC().Add(-24 * time.Hour).Truncate(time.Second)
	var b core.Batch
	const opening = core.Money(100_000_000_00)
	for d := range debtors {
		cust := core.Customer{ID: fmt.Sprintf("bench-customer-%d", d), Kind: core.Personal, TaxID: core.CompleteCPF(fmt.Sprintf("%09d", 700_000_000+d)),
			Name: fmt.Sprintf("Pagador %d", d), BirthDate: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), Since: at, UpdatedAt: at,
			Personal: &core.PersonalProfile{}, Address: core.Address{Town: "São Paulo", State: "SP", Country: "BRA"}}
		acct := core.Account{ID: debtorAccount(d), CustomerID: cust.ID, Type: core.Checking, SubType: core.Individual, Currency: "BRL",
			Status: core.AccountEnabled, CompeCode: seed.DefaultBank.COMPE, BranchCode: "0001", Number: fmt.Sprintf("%08d", 90_000_000+d),
			CheckDigit: "0", ProductID: "bench-checking", ProductName: "Conta Corrente", OpenedAt: at}
		b.Customers = append(b.Customers, cust)
		b.Users = append(b.Users, core.User{ID: debtorUser(d), Login: cust.TaxID, CustomerID: cust.ID, PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA"})
		b.Accounts = append(b.Accounts, acct)
		b.Balances = append(b.Balances, core.Balance{AccountID: acct.ID, Available: opening, Currency: "BRL", At: at})
		b.Transactions = append(b.Transactions, core.Transaction{ID: acct.ID + "-opening", AccountID: acct.ID, Reference: "OPENING",
			CreditDebit: core.Credit, Status: core.Booked, Kind: core.TED, Amount: opening, Currency: "BRL", BookedAt: at, ValueAt: at,
			Description: "Saldo inicial"})
	}
	b.Products = []core.Product{{ID: "bench-checking", Name: "Conta Corrente", Type: "PersonalCurrentAccount"}}
	if err := st.Import(ctx, b); err != nil {
		st.Close()
		return nil, fmt.Errorf("bench: load debtors: %w", err)
	}
	return st, nil
}

// pisTLS is the mutual-TLS material of the benchmark: the bank's server and the platform's client for
// Bank Connect; the platform's server and the bank's client for the consent manager.
type pisTLS struct {
	bankServer, platformClient *tls.Config
	cmServer, bankClient       *tls.Config
}

// pisPKI issues a throw-away CA and the four identities.
func pisPKI(dir string) (pisTLS, error) {
	var out pisTLS
	_, err := pki.InitDev(dir, pki.InitOptions{CABits: 2048, Specs: []pki.DevSpec{
		{Name: "bank-server", Request: pki.Request{Kind: pki.KindServer}},
		{Name: "platform-server", Request: pki.Request{Kind: pki.KindServer}},
		{Name: "platform-client", Request: pki.Request{Kind: pki.KindClient, CommonName: "platform-client"}},
		{Name: "bank-client", Request: pki.Request{Kind: pki.KindClient, CommonName: "bank-client"}},
	}})
	if err != nil {
		return out, fmt.Errorf("bench: PKI: %w", err)
	}
	ca := []string{pki.DevCAFile(dir)}
	server := func(name, client string) (*tls.Config, error) {
		cert, err := pki.LoadCertificate(pki.DevIdentity(dir, client).CertFile)
		if err != nil {
			return nil, err
		}
		return pki.ServerConfig(pki.ServerOptions{Identity: pki.DevIdentity(dir, name), RequireClientCert: true,
			ClientCAFiles: ca, AllowList: pki.AllowCertificates(cert)})
	}
	clientOf := func(name string) (*tls.Config, error) {
		return pki.ClientConfig(pki.ClientOptions{Identity: pki.DevIdentity(dir, name), RootCAFiles: ca})
	}
	if out.bankServer, err = server("bank-server", "platform-client"); err != nil {
		return out, err
	}
	if out.cmServer, err = server("platform-server", "bank-client"); err != nil {
		return out, err
	}
	if out.platformClient, err = clientOf("platform-client"); err != nil {
		return out, err
	}
	out.bankClient, err = clientOf("bank-client")
	return out, err
}

// servePIS serves h over cfg on a loopback port and returns its base URL and a stop function that
// drains it.
func servePIS(ctx context.Context, h http.Handler, cfg *tls.Config) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, TLSConfig: cfg, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(slog.DiscardHandler, slog.LevelError)}
	go srv.ServeTLS(ln, "", "")
	return "https://" + ln.Addr().String(), func() { srv.Shutdown(context.WithoutCancel(ctx)) }, nil
}

// DefaultPISDB is the benchmark's SQLite database in the state directory.
func DefaultPISDB(stateRoot string) string { return "sqlite:" + stateRoot + "/bench-pis.db" }

// MarshalReport renders a report as indented JSON.
func MarshalReport(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") }
