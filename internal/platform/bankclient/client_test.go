package bankclient_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
)

// clock is a settable clock for the breakers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newClient(t *testing.T, h http.Handler, o bankclient.Options) *bankclient.Client {
	t.Helper()
	p := pkitest.New(t)
	platform := p.Client("platform-client")
	srv := p.NewServer(h, platform)
	o.BaseURL, o.TLS, o.ASPSPID = srv.URL, p.ClientConfig(platform), "bank-1"
	c, err := bankclient.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestContextHeadersAreSent(t *testing.T) {
	var got http.Header
	c := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Write([]byte(`{"data":[],"meta":{}}`))
	}), bankclient.Options{})
	cc := bankclient.Context{APIURI: "/open-banking/accounts/v1/accounts", APIOperation: "GET", ConsentID: "c-1",
		PSU: &bankconnect.PSUIdentifier{UserID: "u-1"}, CallerClientID: "tpp", CallerOrgID: "org", CallerSoftwareStatementID: "ss",
		CallerInteractionID: "tpp-1", InteractionID: "plat-1"}
	if _, err := c.Accounts(context.Background(), cc, []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		bankconnect.HeaderASPSPID: "bank-1", bankconnect.HeaderAPIURI: cc.APIURI, bankconnect.HeaderAPIOperation: "GET",
		bankconnect.HeaderConsentID: "c-1", bankconnect.HeaderCallerClientID: "tpp", bankconnect.HeaderCallerOrgID: "org",
		bankconnect.HeaderCallerSoftwareStatementID: "ss", bankconnect.HeaderCallerInteractionID: "tpp-1",
		bankconnect.HeaderOzoneInteractionID: "plat-1", bankconnect.HeaderPSUIdentifier: bankconnect.EncodePSUIdentifier(*cc.PSU),
	}
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, got.Get(k), v)
		}
	}
}

func TestRetriesOnlyGETsAndBreakerOpensThenRecovers(t *testing.T) {
	var calls atomic.Int64
	var healthy atomic.Bool
	c := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if !healthy.Load() {
			w.WriteHeader(500)
			w.Write([]byte(`{"errorCode":"InternalError","errorMessage":"down"}`))
			return
		}
		w.Write([]byte(`{"data":{"status":"valid"}}`))
	}), bankclient.Options{Retries: 2, Backoff: time.Millisecond, BreakerThreshold: 4, BreakerCooldown: time.Minute})
	ctx := context.Background()
	post := bankclient.Request{Method: "POST", Endpoint: "POST /payments-consent/action/validate", Path: "/payments-consent/action/validate", Body: map[string]string{}}
	if err := c.Do(ctx, bankclient.Context{}, post, nil); bankclient.KindOf(err) != bankclient.KindBankFailure {
		t.Fatalf("POST to a failing bank: %v", err)
	}
	if calls.Load() != 1 {
		t.Fatalf("a POST was tried %d times", calls.Load())
	}
	get := bankclient.Request{Method: "GET", Endpoint: "GET /accounts", Path: "/accounts"}
	calls.Store(0)
	if err := c.Do(ctx, bankclient.Context{}, get, nil); bankclient.KindOf(err) != bankclient.KindBankFailure || calls.Load() != 3 {
		t.Fatalf("GET: %v after %d calls, want 3", err, calls.Load())
	}
	// The GET endpoint has failed 3 times in a row; one more opens its breaker.
	c.Do(ctx, bankclient.Context{}, get, nil)
	calls.Store(0)
	healthy.Store(true)
	if err := c.Do(ctx, bankclient.Context{}, get, nil); bankclient.KindOf(err) != bankclient.KindUnavailable || calls.Load() != 0 {
		t.Fatalf("open breaker: %v, %d calls", err, calls.Load())
	}
	// Another endpoint has its own breaker.
	if err := c.Do(ctx, bankclient.Context{}, post, nil); err != nil {
		t.Fatalf("POST with its own breaker: %v", err)
	}
}

func TestBreakerHalfOpensAfterCooldown(t *testing.T) {
	var healthy atomic.Bool
	clk := &clock{t: time.Unix(1_700_000_000, 0)}
	c := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !healthy.Load() {
			w.WriteHeader(503)
			return
		}
		w.Write([]byte(`{}`))
	}), bankclient.Options{Retries: -1, BreakerThreshold: 2, BreakerCooldown: time.Minute, Now: clk.now})
	ctx := context.Background()
	get := bankclient.Request{Method: "GET", Endpoint: "GET /customer", Path: "/customer"}
	c.Do(ctx, bankclient.Context{}, get, nil)
	c.Do(ctx, bankclient.Context{}, get, nil)
	healthy.Store(true)
	if err := c.Do(ctx, bankclient.Context{}, get, nil); bankclient.KindOf(err) != bankclient.KindUnavailable {
		t.Fatalf("within the cooldown: %v", err)
	}
	clk.add(2 * time.Minute)
	if err := c.Do(ctx, bankclient.Context{}, get, nil); err != nil {
		t.Fatalf("the probe after the cooldown: %v", err)
	}
	if err := c.Do(ctx, bankclient.Context{}, get, nil); err != nil {
		t.Fatalf("closed again: %v", err)
	}
}

func TestDeadlineBoundsASlowBank(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	c := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}), bankclient.Options{Timeout: 100 * time.Millisecond, Retries: -1})
	err := c.Do(context.Background(), bankclient.Context{}, bankclient.Request{Method: "GET", Endpoint: "GET /accounts", Path: "/accounts"}, nil)
	if bankclient.KindOf(err) != bankclient.KindTimeout {
		t.Fatalf("slow bank: %v", err)
	}
}
