package pki

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce is how long a Reloader waits after the last change in a watched directory before
// reloading, so that a certificate and its key replaced one after the other load together.
const DefaultDebounce = 200 * time.Millisecond

// Reloader keeps a server's or a client's TLS material current without a restart. Its TLSConfig
// reads the latest material on every handshake (through GetConfigForClient on a server,
// GetClientCertificate and VerifyConnection on a client), so new handshakes see new certificates,
// CAs and allow-lists while established connections carry on. Reload re-reads every file; Run
// and Watch call it on SIGHUP and whenever a watched file changes. A reload that fails — a missing,
// half-written or mismatched file — keeps the previous material and reports the error.
type Reloader struct {
	log      *slog.Logger
	files    []string
	load     func() (summary string, err error)
	server   atomic.Pointer[serverMaterial]
	client   atomic.Pointer[clientMaterial]
	inner    atomic.Pointer[tls.Config] // the server configuration handed to each handshake
	isServer bool
	mu       sync.Mutex // serialises reloads
	onReload atomic.Pointer[func(error)]
	// Debounce overrides DefaultDebounce; set it before Run or Watch.
	Debounce time.Duration
}

// NewServerReloader loads a server's material and returns a Reloader serving it. A nil log discards.
func NewServerReloader(opts ServerOptions, log *slog.Logger) (*Reloader, error) {
	r := &Reloader{log: logOrDiscard(log), isServer: true}
	r.files = watchedFiles(opts.Identity, opts.ClientCAFiles, opts.AllowListFile)
	if len(opts.NextProtos) == 0 {
		opts.NextProtos = []string{"h2", "http/1.1"}
	}
	r.load = func() (string, error) {
		m, err := loadServerMaterial(opts)
		if err != nil {
			return "", err
		}
		r.server.Store(m)
		r.inner.Store(m.config)
		return fmt.Sprintf("certificate %s (%s), %d allow-list entries", Fingerprint(m.cert.Leaf), SubjectDN(m.cert.Leaf), m.allow.Len()), nil
	}
	if _, err := r.load(); err != nil {
		return nil, err
	}
	return r, nil
}

// NewClientReloader loads a client's material and returns a Reloader presenting it. A nil log discards.
func NewClientReloader(opts ClientOptions, log *slog.Logger) (*Reloader, error) {
	r := &Reloader{log: logOrDiscard(log)}
	r.files = watchedFiles(opts.Identity, opts.RootCAFiles, opts.AllowListFile)
	r.load = func() (string, error) {
		m, err := loadClientMaterial(opts)
		if err != nil {
			return "", err
		}
		r.client.Store(m)
		if m.cert == nil {
			return fmt.Sprintf("no client certificate, %d allow-list entries", m.allow.Len()), nil
		}
		return fmt.Sprintf("client certificate %s (%s), %d allow-list entries", Fingerprint(m.cert.Leaf), SubjectDN(m.cert.Leaf), m.allow.Len()), nil
	}
	if _, err := r.load(); err != nil {
		return nil, err
	}
	return r, nil
}

// OnReload registers f to be called after every reload attempt with its outcome (nil on success).
// Tests use it to wait for a file-triggered reload; servers may use it for metrics.
func (r *Reloader) OnReload(f func(error)) { r.onReload.Store(&f) }

// Files returns the files the material is read from.
func (r *Reloader) Files() []string { return slices.Clone(r.files) }

// TLSConfig returns the configuration to give an http.Server (server Reloader) or an http.Transport
// (client Reloader). On a client, the server's certificate is verified against the CA roots loaded
// when TLSConfig is called, so take a new configuration (a new Transport) after the trust roots
// change; the client certificate and the server allow-list follow reloads on every handshake.
func (r *Reloader) TLSConfig() *tls.Config {
	if r.isServer {
		return &tls.Config{
			MinVersion:   MinVersion,
			CipherSuites: FAPICipherSuites,
			GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
				return r.inner.Load(), nil
			},
			GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
				return r.server.Load().cert, nil
			},
		}
	}
	m := r.client.Load()
	cfg := m.config.Clone()
	if m.cert != nil {
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			return r.client.Load().cert, nil
		}
	}
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		cur := r.client.Load()
		if cur.allow.Len() == 0 {
			return nil
		}
		return cur.verifyServer(cs)
	}
	return cfg
}

// Reload re-reads every file and, when all of them load and agree, swaps the new material in. On
// failure the previous material stays in use and the error is logged and returned.
func (r *Reloader) Reload() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	summary, err := r.load()
	if err != nil {
		err = fmt.Errorf("reload TLS material: %w", err)
		r.log.Error("TLS reload failed; keeping the previous certificates", "err", err)
	} else {
		r.log.Info("TLS material reloaded", "material", summary)
	}
	if f := r.onReload.Load(); f != nil {
		(*f)(err)
	}
	return err
}

// Run reloads on SIGHUP and on changes to the watched files until ctx is done; see Watch. It
// returns an error only when watching cannot start.
func (r *Reloader) Run(ctx context.Context) error {
	done, err := r.Watch(ctx)
	if err != nil {
		return err
	}
	<-done
	return nil
}

// Watch starts reloading on SIGHUP and on changes to the watched files (fsnotify on their
// directories, so files replaced by rename — atomic writes, Kubernetes secret volumes — are seen),
// and returns once watching has begun, so a change made after Watch returns is never missed. Watching
// stops when ctx is done; the returned channel is closed then.
func (r *Reloader) Watch(ctx context.Context) (<-chan struct{}, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch TLS files: %w", err)
	}
	names := map[string]map[string]bool{} // directory → base names
	for _, f := range r.files {
		dir, base := filepath.Split(f)
		dir = filepath.Clean(dir)
		if names[dir] == nil {
			names[dir] = map[string]bool{}
			if err := w.Add(dir); err != nil {
				w.Close()
				return nil, fmt.Errorf("watch TLS files in %s: %w", dir, err)
			}
		}
		names[dir][base] = true
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer w.Close()
		defer signal.Stop(hup)
		r.loop(ctx, w, hup, names)
	}()
	return done, nil
}

func (r *Reloader) loop(ctx context.Context, w *fsnotify.Watcher, hup <-chan os.Signal, names map[string]map[string]bool) {
	debounce := r.Debounce
	if debounce <= 0 {
		debounce = DefaultDebounce
	}
	timer := time.NewTimer(debounce)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			r.log.Info("SIGHUP: reloading TLS material")
			_ = r.Reload()
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			dir, base := filepath.Split(ev.Name)
			// "..data" and friends are how Kubernetes swaps a mounted secret in one rename.
			if names[filepath.Clean(dir)][base] || strings.HasPrefix(base, "..") {
				timer.Reset(debounce)
			}
		case <-timer.C:
			_ = r.Reload()
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			r.log.Warn("watching TLS files", "err", err)
		}
	}
}

func watchedFiles(id Identity, cas []string, allowFile string) []string {
	var out []string
	for _, f := range append([]string{id.CertFile, id.KeyFile, allowFile}, cas...) {
		if f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func logOrDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
