package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient/tecbantest"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/pki"
)

// TestBankCrashDuringPayments builds the ifconnect binary, runs `ifconnect bank` against a database
// holding a fixture bank and a stand-in for the platform's consent manager over mutual TLS, drives
// payments at it from several connections, SIGKILLs it in the middle of the load, restarts it and
// proves that every payment it acknowledged (201) exists exactly once — a repeat returns the same
// payment, the database holds one payment per consent, one journal per accepted payment, a debit equal
// to their sum — and that the ledger balances. On SQLite and, when configured, on PostgreSQL.
func TestBankCrashDuringPayments(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "ifconnect")
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the binary: %v", err)
	}
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for name, newURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) { crashAndRecover(t, bin, newURL(t)) })
	}
}

func crashAndRecover(t *testing.T, bin, dbURL string) {
	ctx := context.Background()
	stateDir, _ := pkiInit(t)
	pkiDir := filepath.Join(stateDir, "pki")
	if _, err := store.Migrate(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := storetest.NewFixture(1)
	f.Batch.Accounts[0].Limits.Overdraft = 0
	f.Batch.Balances[0].OverdraftLimit = 0
	if err := s.Import(ctx, f.Batch); err != nil {
		t.Fatal(err)
	}
	opening := balance(t, s, f.Checking.ID)
	loaded, err := s.CheckLedger(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// The platform's consent manager: every consent crash-N is an authorised 1.00 BRL PIX payment from
	// the fixture's checking account, read by the bank with its bank-client certificate.
	cm := tecbantest.NewConsentManager()
	body := bankconnect.PixPaymentConsent{Data: bankconnect.PixPaymentConsentData{
		Creditor: &bankconnect.PixIdentification{PersonType: "PESSOA_NATURAL", CPFCNPJ: core.CompleteCPF("555666777"), Name: "Marcos Lima"},
		Payment: &bankconnect.PixConsentPayment{Type: "PIX", Currency: "BRL", Amount: "1.00",
			Details: &bankconnect.PixDetails{LocalInstrument: "DICT", Proxy: "marcos@example.com.br"}},
	}}
	cm.Generate = func(id string) (consentmgr.ConsentGetResponse, bool) {
		if !strings.HasPrefix(id, "crash-") {
			return consentmgr.ConsentGetResponse{}, false
		}
		return tecbantest.PixConsent(id, consentmgr.StatusAuthorised, f.User.ID, []string{f.Checking.ID}, body), true
	}
	bankClient, err := pki.LoadCertificate(pki.DevIdentity(pkiDir, "bank-client").CertFile)
	if err != nil {
		t.Fatal(err)
	}
	cmTLS, err := pki.ServerConfig(pki.ServerOptions{Identity: pki.DevIdentity(pkiDir, "platform-server"), RequireClientCert: true,
		ClientCAFiles: []string{pki.DevCAFile(pkiDir)}, AllowList: pki.AllowCertificates(bankClient)})
	if err != nil {
		t.Fatal(err)
	}
	cmSrv := httptest.NewUnstartedServer(cm)
	cmSrv.TLS = cmTLS
	cmSrv.StartTLS()
	defer cmSrv.Close()

	platformTLS, err := pki.ClientConfig(pki.ClientOptions{Identity: pki.DevIdentity(pkiDir, "platform-client"), RootCAFiles: []string{pki.DevCAFile(pkiDir)}})
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"bank", "--state", stateDir, "--db", dbURL, "--connect-listen", "127.0.0.1:0", "--web-listen", "",
		"--platform-url", cmSrv.URL, "--log-level", "error"}

	// Load, then SIGKILL once a good number of payments were acknowledged.
	bank := startBank(t, bin, args)
	client := platformClient(platformTLS)
	var (
		mu    sync.Mutex
		acked = map[string]string{} // consent → payment id the bank acknowledged
		seq   atomic.Int64
		wg    sync.WaitGroup
	)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				consent := fmt.Sprintf("crash-%d", seq.Add(1))
				p, status, err := postPayment(client, bank.url, consent, f.User.ID)
				if err != nil {
					return // the bank is gone
				}
				if status != http.StatusCreated {
					t.Errorf("payment %s: status %d", consent, status)
					return
				}
				mu.Lock()
				acked[consent] = p.ID
				n := len(acked)
				mu.Unlock()
				if n == 150 {
					bank.kill(t)
				}
			}
		}()
	}
	wg.Wait()
	bank.wait()
	client.CloseIdleConnections()
	if len(acked) < 150 {
		t.Fatalf("only %d payments acknowledged before the crash", len(acked))
	}
	t.Logf("%d payments acknowledged, %d attempted, before SIGKILL", len(acked), seq.Load())

	// Restart on the same database; every acknowledged payment is answered again, unchanged.
	bank = startBank(t, bin, args)
	defer bank.stop(t)
	client = platformClient(platformTLS)
	defer client.CloseIdleConnections()
	for consent, id := range acked {
		p, status, err := postPayment(client, bank.url, consent, f.User.ID)
		if err != nil || status != http.StatusCreated || p.ID != id {
			t.Fatalf("repeat of %s after the crash: %d %+v %v; want payment %s", consent, status, p, err, id)
		}
	}

	// The database holds exactly one payment per consent, every acknowledged one among them, and one
	// journal and one debit per accepted payment.
	var stored []core.Payment
	for _, st := range []core.PaymentStatus{core.PaymentAcceptedSettlementInProcess, core.PaymentAcceptedSettlementCompleted,
		core.PaymentAcceptedCreditSettlementCompleted, core.PaymentRejected, core.PaymentPending} {
		ps, err := s.PaymentsInStatus(ctx, st, time.Now().Add(time.Hour), 10000)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, ps...)
	}
	byConsent := map[string]string{}
	accepted := 0
	for _, p := range stored {
		if prev, dup := byConsent[p.Order.ConsentID]; dup {
			t.Fatalf("consent %s has two payments, %s and %s", p.Order.ConsentID, prev, p.ID)
		}
		byConsent[p.Order.ConsentID] = p.ID
		if p.Status != core.PaymentRejected {
			accepted++
		}
	}
	for consent, id := range acked {
		if byConsent[consent] != id {
			t.Fatalf("acknowledged payment %s of %s is not stored (found %q)", id, consent, byConsent[consent])
		}
	}
	report, err := s.CheckLedger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Problems) > 0 {
		t.Fatalf("the ledger does not balance after the crash: %v", report.Problems)
	}
	if got := report.Journals - loaded.Journals; got != accepted {
		t.Fatalf("%d payment journals for %d accepted payments", got, accepted)
	}
	if got, want := balance(t, s, f.Checking.ID), opening-core.Money(accepted)*100; got != want {
		t.Fatalf("checking balance %s, want %s (%d payments of 1.00)", got, want, accepted)
	}
	t.Logf("%d payments stored (%d accepted) after the restart; the ledger balances", len(stored), accepted)
}

func balance(t *testing.T, s *store.Store, id string) core.Money {
	t.Helper()
	b, err := s.Balances(context.Background(), []string{id})
	if err != nil || len(b) != 1 {
		t.Fatalf("balance of %s: %v", id, err)
	}
	return b[0].Available
}

func platformClient(cfg *tls.Config) *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg, MaxIdleConnsPerHost: 16}, Timeout: 30 * time.Second}
}

// postPayment posts a PIX payment of 1.00 under consent as the platform would; err is set when the
// bank cannot be reached.
func postPayment(c *http.Client, base, consent, userID string) (bankconnect.GenericPaymentResponse, int, error) {
	body := tecbantest.PaymentRequest(bankconnect.PaymentTypePIX, bankconnect.PixPayment{Data: bankconnect.PixPaymentData{
		Payment: &bankconnect.PixAmount{Amount: "1.00", Currency: "BRL"}, PixKey: "marcos@example.com.br", LocalInstrument: "DICT",
		CreditorAccount: &bankconnect.PixAccount{ISPB: "60746948", BranchCode: "0452", Number: "12345678", CheckDigit: "0", AccountType: "CACC"},
	}}, "key-"+consent)
	req, err := http.NewRequest(http.MethodPost, base+"/payments", bytes.NewReader(body))
	if err != nil {
		return bankconnect.GenericPaymentResponse{}, 0, err
	}
	for k, v := range map[string]string{
		bankconnect.HeaderASPSPID: "ifconnect-bank", bankconnect.HeaderAPIURI: "/open-banking/payments/v1/pix/payments",
		bankconnect.HeaderAPIOperation: "POST", bankconnect.HeaderOzoneInteractionID: consent, bankconnect.HeaderConsentID: consent,
		bankconnect.HeaderPSUIdentifier: bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: userID}),
		"Content-Type":                  "application/json",
	} {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		return bankconnect.GenericPaymentResponse{}, 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return bankconnect.GenericPaymentResponse{}, 0, err // cut off mid-answer: not acknowledged
	}
	var out bankconnect.PaymentResponse
	json.Unmarshal(b, &out)
	return out.Data, res.StatusCode, nil
}

// bankProcess is a running `ifconnect bank`.
type bankProcess struct {
	cmd    *exec.Cmd
	url    string
	exited chan struct{}
	stderr *bytes.Buffer
	once   sync.Once
}

// startBank starts the binary and waits until it prints its Bank Connect URL.
func startBank(t *testing.T, bin string, args []string) *bankProcess {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "IFCONNECT_CONFIG=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	b := &bankProcess{cmd: cmd, exited: make(chan struct{}), stderr: &bytes.Buffer{}}
	cmd.Stderr = b.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "bank-connect listening on "); ok {
				urls <- strings.TrimSpace(rest)
			}
		}
		close(urls)
	}()
	go func() { cmd.Wait(); close(b.exited) }()
	u, ok := <-urls
	if !ok {
		<-b.exited
		t.Fatalf("the bank did not start: %s", b.stderr)
	}
	b.url = u
	return b
}

// kill sends SIGKILL: no drain, no deferred cleanup, exactly a crash.
func (b *bankProcess) kill(t *testing.T) {
	b.once.Do(func() {
		if err := b.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Errorf("kill: %v", err)
		}
	})
}

func (b *bankProcess) wait() { <-b.exited }

// stop sends SIGTERM and waits for the drain.
func (b *bankProcess) stop(t *testing.T) {
	b.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-b.exited:
	case <-time.After(time.Minute):
		b.cmd.Process.Kill()
		t.Errorf("the bank did not stop on SIGTERM: %s", b.stderr)
	}
}
