package pki_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

// replace puts data at path by writing a temporary file beside it and renaming, as operators'
// tools (and state.WriteFileAtomic) do.
func replace(t *testing.T, path string, data []byte) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, dst, src string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	replace(t, dst, b)
}

// reloads returns a channel receiving the outcome of every reload of r.
func reloads(r *pki.Reloader) <-chan error {
	ch := make(chan error, 16)
	r.OnReload(func(err error) {
		select {
		case ch <- err:
		default:
		}
	})
	return ch
}

// waitReload waits for the next successful reload. The bound only stops a broken watcher from
// hanging the run; nothing is asserted about how long a reload takes.
func waitReload(t *testing.T, ch <-chan error) {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		select {
		case err := <-ch:
			if err == nil {
				return
			}
			t.Logf("reload failed (a later event should succeed): %v", err)
		case <-deadline:
			t.Fatal("no successful reload after the files changed")
		}
	}
}

// rotationSetup is a server whose allow-list file names the old and the new certificate of one client.
type rotationSetup struct {
	p             *pkitest.PKI
	old, new      pki.Identity
	allowFile     string
	reloader      *pki.Reloader
	addr          string
	rewriteToNew  func()
	expectClients func(oldOK, newOK bool)
}

func newRotationSetup(t *testing.T) *rotationSetup {
	p := pkitest.New(t)
	s := &rotationSetup{p: p, old: p.Client("bank-client")}
	s.new = p.Rotate("bank-client")
	s.allowFile = filepath.Join(t.TempDir(), "allow.txt")
	replace(t, s.allowFile, []byte("# bank-client, rotating\n"+p.Fingerprint(s.old)+"\n"+strings.ToUpper(p.Fingerprint(s.new))+"\n"))
	r, err := pki.NewServerReloader(pki.ServerOptions{
		Identity: p.Server(), RequireClientCert: true, ClientCAFiles: []string{p.CAFile}, AllowListFile: s.allowFile,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.reloader = r
	s.addr = serve(t, r.TLSConfig())
	s.rewriteToNew = func() { replace(t, s.allowFile, []byte(p.Fingerprint(s.new)+"\n")) }
	s.expectClients = func(oldOK, newOK bool) {
		t.Helper()
		for _, c := range []struct {
			name string
			id   pki.Identity
			ok   bool
		}{{"old", s.old, oldOK}, {"new", s.new, newOK}} {
			_, err := dial(s.addr, p.ClientConfig(c.id))
			if c.ok && err != nil {
				t.Errorf("%s certificate refused: %v", c.name, err)
			}
			if !c.ok && err == nil {
				t.Errorf("%s certificate accepted", c.name)
			}
		}
	}
	return s
}

func TestRotationOldCertificateRefusedAfterReload(t *testing.T) {
	s := newRotationSetup(t)
	s.expectClients(true, true)
	s.rewriteToNew()
	if err := s.reloader.Reload(); err != nil {
		t.Fatal(err)
	}
	s.expectClients(false, true)
}

func TestRotationFollowsAllowListFileChange(t *testing.T) {
	s := newRotationSetup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := reloads(s.reloader)
	s.reloader.Debounce = 20 * time.Millisecond
	done, err := s.reloader.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.expectClients(true, true)
	s.rewriteToNew()
	waitReload(t, ch)
	s.expectClients(false, true)
	cancel()
	<-done
}

func TestSIGHUPReloads(t *testing.T) {
	s := newRotationSetup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A debounce far longer than the test keeps the file event from being the trigger.
	s.reloader.Debounce = time.Hour
	ch := reloads(s.reloader)
	if _, err := s.reloader.Watch(ctx); err != nil {
		t.Fatal(err)
	}
	s.rewriteToNew()
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitReload(t, ch)
	s.expectClients(false, true)
}

func TestServerCertificateSwappedOnDiskIsServedToNewHandshakes(t *testing.T) {
	p := pkitest.New(t)
	client := p.Client("bank-client")
	dir := t.TempDir()
	id := pki.Identity{Name: "server", CertFile: filepath.Join(dir, "server.pem"), KeyFile: filepath.Join(dir, "server-key.pem")}
	copyFile(t, id.CertFile, p.Server().CertFile)
	copyFile(t, id.KeyFile, p.Server().KeyFile)
	r, err := pki.NewServerReloader(pki.ServerOptions{Identity: id, RequireClientCert: true, ClientCAFiles: []string{p.CAFile}, AllowList: p.AllowList(client)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	addr := serve(t, r.TLSConfig())
	before, err := dial(addr, p.ClientConfig(client))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pki.Fingerprint(before), p.Fingerprint(p.Server()); got != want {
		t.Fatalf("served %s, want %s", got, want)
	}
	next := p.Rotate("server")
	copyFile(t, id.KeyFile, next.KeyFile)
	copyFile(t, id.CertFile, next.CertFile)
	if err := r.Reload(); err != nil {
		t.Fatal(err)
	}
	after, err := dial(addr, p.ClientConfig(client))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pki.Fingerprint(after), p.Fingerprint(next); got != want {
		t.Fatalf("after the swap served %s, want the new certificate %s", got, want)
	}
}

func TestBrokenFileOnReloadKeepsPreviousMaterial(t *testing.T) {
	p := pkitest.New(t)
	other := p.Client("other")
	tests := []struct {
		name    string
		breakIt func(s *rotationSetup, certFile, keyFile string)
		want    string
	}{
		{"allow-list with a malformed entry", func(s *rotationSetup, _, _ string) {
			replace(t, s.allowFile, []byte("CN\n"))
		}, "allow-list"},
		{"allow-list file deleted", func(s *rotationSetup, _, _ string) {
			if err := os.Remove(s.allowFile); err != nil {
				t.Fatal(err)
			}
		}, "allow-list"},
		{"certificate file truncated", func(_ *rotationSetup, certFile, _ string) {
			replace(t, certFile, []byte("-----BEGIN CERTIF"))
		}, "server.pem"},
		{"key that does not match the certificate", func(_ *rotationSetup, _, keyFile string) {
			copyFile(t, keyFile, other.KeyFile)
		}, "do not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newRotationSetup(t)
			var logs bytes.Buffer
			dir := t.TempDir()
			certFile, keyFile := filepath.Join(dir, "server.pem"), filepath.Join(dir, "server-key.pem")
			copyFile(t, certFile, s.p.Server().CertFile)
			copyFile(t, keyFile, s.p.Server().KeyFile)
			r, err := pki.NewServerReloader(pki.ServerOptions{
				Identity:          pki.Identity{CertFile: certFile, KeyFile: keyFile},
				RequireClientCert: true, ClientCAFiles: []string{s.p.CAFile}, AllowListFile: s.allowFile,
			}, slog.New(slog.NewTextHandler(&logs, nil)))
			if err != nil {
				t.Fatal(err)
			}
			s.addr = serve(t, r.TLSConfig())
			tt.breakIt(s, certFile, keyFile)
			err = r.Reload()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Reload() = %v, want an error mentioning %q", err, tt.want)
			}
			if !strings.Contains(logs.String(), "keeping the previous certificates") || !strings.Contains(logs.String(), tt.want) {
				t.Errorf("the failed reload was not logged with its cause:\n%s", logs.String())
			}
			s.expectClients(true, true)
		})
	}
}

func TestClientReloaderPresentsNewCertificate(t *testing.T) {
	p := pkitest.New(t)
	old := p.Client("platform-client")
	next := p.Rotate("platform-client")
	addr := serve(t, p.ServerConfig(next))
	dir := t.TempDir()
	id := pki.Identity{CertFile: filepath.Join(dir, "c.pem"), KeyFile: filepath.Join(dir, "c-key.pem")}
	copyFile(t, id.CertFile, old.CertFile)
	copyFile(t, id.KeyFile, old.KeyFile)
	r, err := pki.NewClientReloader(pki.ClientOptions{Identity: id, RootCAFiles: []string{p.CAFile}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := r.TLSConfig()
	if _, err := dial(addr, cfg); err == nil {
		t.Fatal("server accepted the old client certificate it does not allow")
	}
	copyFile(t, id.CertFile, next.CertFile)
	copyFile(t, id.KeyFile, next.KeyFile)
	if err := r.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, err := dial(addr, cfg); err != nil {
		t.Fatalf("new client certificate refused: %v", err)
	}
}

func TestResumedSessionOfRemovedCertificateIsRefused(t *testing.T) {
	s := newRotationSetup(t)
	cfg := s.p.ClientConfig(s.old)
	cfg.ClientSessionCache = tls.NewLRUClientSessionCache(4)
	if _, err := dial(s.addr, cfg); err != nil {
		t.Fatal(err)
	}
	// A second connection resumes the first session: proof the cache works.
	c, err := tls.Dial("tcp", s.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(c); err != nil {
		t.Fatal(err)
	}
	resumed := c.ConnectionState().DidResume
	c.Close()
	if !resumed {
		t.Fatal("the client did not resume; the test would prove nothing")
	}
	s.rewriteToNew()
	if err := s.reloader.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, err := dial(s.addr, cfg); err == nil {
		t.Fatal("a resumed session of a certificate removed from the allow-list was accepted")
	}
}
