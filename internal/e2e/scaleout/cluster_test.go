package scaleout

import (
	"context"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/e2e/binarytest"
	"github.com/ifconnect/ifconnect/internal/roundrobin"
	"github.com/ifconnect/ifconnect/internal/state"
)

// replica is one running `ifconnect bank` or `ifconnect platform` with its own state directory
// (endpoints.json) sharing the cluster's PKI.
type replica struct {
	name   string
	cmd    *exec.Cmd
	state  state.Dir
	out    *binarytest.Output
	exited chan struct{}
}

// url is the published URL of the replica's endpoint name, without the scheme.
func (r *replica) addr(t *testing.T, name string) string {
	t.Helper()
	ep, err := r.state.Endpoint(name)
	if err != nil {
		t.Fatalf("%s: %v", r.name, err)
	}
	u, err := url.Parse(ep.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// kill ends the replica at once (SIGKILL), as a crash or a lost machine would.
func (r *replica) kill(t *testing.T) {
	t.Helper()
	r.cmd.Process.Kill()
	<-r.exited
}

// cluster is two platform and two bank replicas on one PostgreSQL behind four balancers.
type cluster struct {
	bin       string
	pki       string
	root      state.Dir
	bankDB    string
	platDB    string
	platforms []*replica
	banks     []*replica
	// Balancers: TPP-facing and bank-facing platform listeners, Bank Connect and the bank's web.
	tpp, platBank, connect, web *roundrobin.Proxy
}

func newCluster(t *testing.T) *cluster {
	bankDB := databasetest.PostgresURL(t) // skips loudly without IFCONNECT_TEST_POSTGRES
	platDB := databasetest.PostgresURL(t)
	c := &cluster{bin: binarytest.Build(t), bankDB: bankDB, platDB: platDB}
	root := filepath.Join(t.TempDir(), "state")
	c.run(t, "pki", "init", "--state", root, "--ca-key-bits", "2048")
	c.run(t, "seed", "--state", root, "--db", bankDB, "--customers", "20")
	var err error
	if c.root, err = state.Open(root); err != nil {
		t.Fatal(err)
	}
	c.pki = c.root.PKIDir()
	for _, p := range []**roundrobin.Proxy{&c.tpp, &c.platBank, &c.connect, &c.web} {
		if *p, err = roundrobin.Listen("127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { (*p).Close() })
	}
	// Platforms start one after the other: the first creates the signing key the second loads. Each
	// publishes its issuer — the balancer — as platform-tpp, so its own TPP-facing port is chosen here.
	var tppAddrs []string
	for i := range 2 {
		tppAddrs = append(tppAddrs, freeAddr(t))
		c.platforms = append(c.platforms, c.start(t, "platform", i, []string{"platform-tpp", "platform-bank", "platform-ops"},
			"platform", "--db", platDB, "--tpp-listen", tppAddrs[i], "--bank-listen", "127.0.0.1:0", "--ops-listen", "127.0.0.1:0",
			"--issuer", "https://"+c.tpp.Addr(), "--bank-auth-url", "https://"+c.web.Addr()+"/auth",
			"--bank-connect-url", "https://"+c.connect.Addr(), "--log-level", "warn"))
	}
	for i := range 2 {
		c.banks = append(c.banks, c.start(t, "bank", i, []string{"bank-connect", "bank-web", "bank-ops"},
			"bank", "--db", bankDB, "--connect-listen", "127.0.0.1:0", "--web-listen", "127.0.0.1:0", "--ops-listen", "127.0.0.1:0",
			"--platform-url", "https://"+c.platBank.Addr(), "--platform-bank-url", "https://"+c.platBank.Addr(), "--log-level", "warn"))
	}
	c.tpp.SetBackends(tppAddrs...)
	c.platBank.SetBackends(c.platforms[0].addr(t, "platform-bank"), c.platforms[1].addr(t, "platform-bank"))
	c.connect.SetBackends(c.banks[0].addr(t, "bank-connect"), c.banks[1].addr(t, "bank-connect"))
	c.web.SetBackends(c.banks[0].addr(t, "bank-web"), c.banks[1].addr(t, "bank-web"))
	return c
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// run runs a short command of the binary and fails the test when it fails.
func (c *cluster) run(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(c.bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ifconnect %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// start runs replica i of kind with its own state directory, whose pki is the cluster's, and waits
// until it has published every endpoint in names.
func (c *cluster) start(t *testing.T, kind string, i int, names []string, args ...string) *replica {
	t.Helper()
	dir := filepath.Join(t.TempDir(), kind)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(c.pki, filepath.Join(dir, "pki")); err != nil {
		t.Fatal(err)
	}
	st, err := state.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := &replica{name: kind + "-" + string(rune('1'+i)), state: st, out: &binarytest.Output{}, exited: make(chan struct{})}
	r.cmd = exec.Command(c.bin, append(args, "--state", dir)...)
	r.cmd.Stdout, r.cmd.Stderr = r.out, r.out
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.cmd.Wait(); close(r.exited) }()
	t.Cleanup(func() {
		select {
		case <-r.exited:
		default:
			r.cmd.Process.Signal(os.Interrupt)
			select {
			case <-r.exited:
			case <-time.After(30 * time.Second):
				r.cmd.Process.Kill()
				<-r.exited
			}
		}
		if t.Failed() {
			t.Logf("%s output:\n%s", r.name, r.out)
		}
	})
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ready := true
		for _, n := range names {
			if ep, err := st.Endpoint(n); err != nil || ep.PID != r.cmd.Process.Pid {
				ready = false
			}
		}
		if ready {
			return r
		}
		select {
		case <-r.exited:
			t.Fatalf("%s exited before it was ready:\n%s", r.name, r.out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready after 2 minutes:\n%s", r.name, r.out)
		}
	}
}

// ops reads path from replica r's internal listener.
func (r *replica) ops(t *testing.T, ctx context.Context, name, path string) string {
	t.Helper()
	ep, err := r.state.Endpoint(name)
	if err != nil {
		t.Fatal(err)
	}
	return httpGet(t, ctx, ep.URL+path)
}
