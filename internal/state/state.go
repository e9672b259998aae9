// Package state owns the state directory (default ./.ifconnect): the development PKI, the SQLite
// databases, demo-users.json and endpoints.json, through which running servers tell tools and people
// where they listen and which certificates a caller must present. Paths are computed here and nowhere
// else, so every command agrees on the layout.
package state

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// DefaultDir is the state directory used when neither --state nor IFCONNECT_STATE is given.
const DefaultDir = ".ifconnect"

// Dir is a state directory.
type Dir struct{ Root string }

// Open returns the state directory at root, creating it (mode 0700: it holds private keys) when absent.
// It fails with a clear message when root exists but is not a writable directory.
func Open(root string) (Dir, error) {
	if root == "" {
		root = DefaultDir
	}
	if err := os.MkdirAll(root, 0o700); err != nil {
		return Dir{}, fmt.Errorf("state directory %s: %w", root, err)
	}
	probe, err := os.CreateTemp(root, ".probe-*")
	if err != nil {
		return Dir{}, fmt.Errorf("state directory %s is not writable: %w", root, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return Dir{Root: root}, nil
}

// PKIDir is where `ifconnect pki init` writes the development CA and certificates.
func (d Dir) PKIDir() string { return filepath.Join(d.Root, "pki") }

// BankDB is the bank's SQLite database.
func (d Dir) BankDB() string { return filepath.Join(d.Root, "bank.db") }

// PlatformDB is the sandbox platform's SQLite database.
func (d Dir) PlatformDB() string { return filepath.Join(d.Root, "platform.db") }

// DemoUsers is the file seed writes the named demo users to.
func (d Dir) DemoUsers() string { return filepath.Join(d.Root, "demo-users.json") }

// EndpointsFile is the file running servers publish their endpoints to.
func (d Dir) EndpointsFile() string { return filepath.Join(d.Root, "endpoints.json") }

// Path returns a file name inside the state directory.
func (d Dir) Path(name string) string { return filepath.Join(d.Root, name) }

// ErrLocked is returned by Lock when another process holds the lock.
var ErrLocked = errors.New("locked by another process")

// Lock takes an exclusive, non-blocking lock named name (e.g. "demo") on the state directory, held until
// the returned release is called or the process exits; a crash never leaves a stale lock because the
// kernel drops it with the file descriptor.
func (d Dir) Lock(name string) (release func(), err error) {
	path := d.Path(name + ".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("state directory %s is in use (%s): %w", d.Root, path, ErrLocked)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
