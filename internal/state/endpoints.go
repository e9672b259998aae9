package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

// Endpoint is one listening service as published in endpoints.json.
type Endpoint struct {
	// Name identifies the service: "bank-connect", "bank-web", "platform-tpp", "platform-bank", "tpp-web".
	Name string `json:"name"`
	// URL is the base URL to call, e.g. https://127.0.0.1:41234.
	URL string `json:"url"`
	// CA is the PEM file of the CA that signed the server's certificate.
	CA string `json:"ca,omitempty"`
	// ClientCert and ClientKey are the PEM files a caller must present when the service requires mutual
	// TLS; empty for services without client authentication.
	ClientCert string `json:"clientCert,omitempty"`
	ClientKey  string `json:"clientKey,omitempty"`
	// PID is the process serving the endpoint.
	PID       int       `json:"pid"`
	UpdatedAt time.Time `json:"updatedAt"`
}

type endpointsFile struct {
	Endpoints []Endpoint `json:"endpoints"`
}

// Endpoints returns the published endpoints, an empty list when none were published.
func (d Dir) Endpoints() ([]Endpoint, error) {
	b, err := os.ReadFile(d.EndpointsFile())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read endpoints: %w", err)
	}
	var f endpointsFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("endpoints file %s is corrupt: %w", d.EndpointsFile(), err)
	}
	return f.Endpoints, nil
}

// Endpoint returns the published endpoint called name.
func (d Dir) Endpoint(name string) (Endpoint, error) {
	eps, err := d.Endpoints()
	if err != nil {
		return Endpoint{}, err
	}
	for _, e := range eps {
		if e.Name == name {
			return e, nil
		}
	}
	return Endpoint{}, fmt.Errorf("no endpoint %q in %s: is the server running?", name, d.EndpointsFile())
}

// Publish adds or replaces endpoints by name. Processes publish concurrently, so the file is updated
// under an exclusive lock and replaced atomically; a reader never sees half a file.
func (d Dir) Publish(eps ...Endpoint) error {
	return d.updateEndpoints(func(cur []Endpoint) []Endpoint {
		for _, e := range eps {
			cur = slices.DeleteFunc(cur, func(c Endpoint) bool { return c.Name == e.Name })
			cur = append(cur, e)
		}
		slices.SortFunc(cur, func(a, b Endpoint) int {
			if a.Name < b.Name {
				return -1
			}
			if a.Name > b.Name {
				return 1
			}
			return 0
		})
		return cur
	})
}

// Withdraw removes the named endpoints if this process published them, on shutdown.
func (d Dir) Withdraw(names ...string) error {
	pid := os.Getpid()
	return d.updateEndpoints(func(cur []Endpoint) []Endpoint {
		return slices.DeleteFunc(cur, func(c Endpoint) bool {
			return c.PID == pid && slices.Contains(names, c.Name)
		})
	})
}

func (d Dir) updateEndpoints(change func([]Endpoint) []Endpoint) error {
	lock, err := os.OpenFile(d.Path("endpoints.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("publish endpoints: %w", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("publish endpoints: lock: %w", err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)

	cur, err := d.Endpoints()
	if err != nil {
		cur = nil // a corrupt file is replaced rather than blocking every server from starting
	}
	b, err := json.MarshalIndent(endpointsFile{Endpoints: change(cur)}, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(d.EndpointsFile(), append(b, '\n'), 0o644)
}

// WriteFileAtomic writes data to a temporary file beside path, syncs it and renames it over path, so
// a crash leaves either the old file or the new one, never a half-written one.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
