package pki

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/ifconnect/ifconnect/internal/state"
)

// DevSpec is one identity of a development PKI: its name (file stem) and what to issue.
type DevSpec struct {
	Name    string
	Request Request
}

// validName keeps identity names usable as file names and in flags.
var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// CheckName reports whether name is a valid identity name.
func CheckName(name string) error {
	if !validName.MatchString(name) || name == "ca" {
		return fmt.Errorf("identity name %q must be 1-63 lower-case letters, digits, '.', '_' or '-' (and not \"ca\")", name)
	}
	return nil
}

// InitOptions configures InitDev.
type InitOptions struct {
	// Specs are the identities to have.
	Specs []DevSpec
	// Force replaces the whole directory — CA included — with fresh material.
	Force bool
	// CABits is the CA's RSA key size; default 3072.
	CABits int
	Now    func() time.Time
}

// InitReport tells what InitDev did.
type InitReport struct {
	// Created is true when a new CA was made (fresh directory or Force).
	Created bool
	// Issued and Kept name the identities written now and those left as they were.
	Issued, Kept []string
	Manifest     *Manifest
}

// InitDev makes dir a development PKI: a CA (ca.pem, ca-key.pem), NAME.pem and NAME-key.pem for every
// spec (keys mode 0600) and the manifest pki.json. It is idempotent: an existing CA and existing
// identities are left alone and only missing identities are issued. With Force, or when dir holds no
// CA yet, everything is generated in a temporary directory beside dir that replaces dir only once
// complete, so a failure leaves nothing half-written.
func InitDev(dir string, opts InitOptions) (InitReport, error) {
	for _, s := range opts.Specs {
		if err := CheckName(s.Name); err != nil {
			return InitReport{}, err
		}
	}
	caCert, caKey := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem")
	haveCert, haveKey := exists(caCert), exists(caKey)
	if opts.Force || (!haveCert && !haveKey) {
		if !opts.Force {
			for _, s := range opts.Specs {
				id := DevIdentity(dir, s.Name)
				if exists(id.CertFile) || exists(id.KeyFile) {
					return InitReport{}, fmt.Errorf("%s holds %s but no CA: use --force to replace it all", dir, s.Name)
				}
			}
		}
		return initFresh(dir, opts)
	}
	if !haveCert || !haveKey {
		return InitReport{}, fmt.Errorf("incomplete CA in %s: one of ca.pem and ca-key.pem is missing (use --force to replace it all)", dir)
	}
	ca, err := LoadCA(caCert, caKey)
	if err != nil {
		return InitReport{}, err
	}
	m, err := ReadManifest(dir)
	if err != nil {
		// A lost or corrupt manifest is rebuilt from the files.
		m = &Manifest{Dir: dir}
	}
	m.CA = EntryFor("ca", "", "ca.pem", "ca-key.pem", ca.Cert)
	rep := InitReport{Manifest: m}
	for _, s := range opts.Specs {
		id := DevIdentity(dir, s.Name)
		if exists(id.CertFile) && exists(id.KeyFile) {
			tc, err := id.Load()
			if err != nil {
				return InitReport{}, fmt.Errorf("%s: %w (use --force to replace it all)", s.Name, err)
			}
			m.Put(EntryFor(s.Name, s.Request.Kind, s.Name+".pem", s.Name+"-key.pem", tc.Leaf))
			rep.Kept = append(rep.Kept, s.Name)
			continue
		}
		e, err := issueInto(dir, ca, s, opts.Now)
		if err != nil {
			return InitReport{}, err
		}
		m.Put(e)
		rep.Issued = append(rep.Issued, s.Name)
	}
	if err := writeManifest(m); err != nil {
		return InitReport{}, err
	}
	return rep, nil
}

func initFresh(dir string, opts InitOptions) (rep InitReport, err error) {
	parent := filepath.Dir(filepath.Clean(dir))
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-*")
	if err != nil {
		return InitReport{}, fmt.Errorf("create PKI in %s: %w", parent, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	bits := opts.CABits
	if bits == 0 {
		bits = 3072
	}
	ca, err := NewCA(CAOptions{Bits: bits, Now: opts.Now})
	if err != nil {
		return InitReport{}, err
	}
	keyPEM, err := EncodePrivateKeyPEM(ca.Key)
	if err != nil {
		return InitReport{}, err
	}
	if err := writeFile(filepath.Join(tmp, "ca-key.pem"), keyPEM, 0o600); err != nil {
		return InitReport{}, err
	}
	if err := writeFile(filepath.Join(tmp, "ca.pem"), ca.CertPEM(), 0o644); err != nil {
		return InitReport{}, err
	}
	m := &Manifest{Dir: tmp, CA: EntryFor("ca", "", "ca.pem", "ca-key.pem", ca.Cert)}
	rep = InitReport{Created: true, Manifest: m}
	for _, s := range opts.Specs {
		e, err := issueInto(tmp, ca, s, opts.Now)
		if err != nil {
			return InitReport{}, err
		}
		m.Put(e)
		rep.Issued = append(rep.Issued, s.Name)
	}
	if err := writeManifest(m); err != nil {
		return InitReport{}, err
	}
	if err := os.Chmod(tmp, 0o700); err != nil {
		return InitReport{}, fmt.Errorf("create PKI: %w", err)
	}
	// Swap the complete new directory in; the old one (if any) is removed only afterwards.
	var old string
	if _, statErr := os.Stat(dir); statErr == nil {
		old = filepath.Join(parent, fmt.Sprintf(".%s.old-%d", filepath.Base(dir), time.Now().UnixNano()))
		if err := os.Rename(dir, old); err != nil {
			return InitReport{}, fmt.Errorf("replace %s: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return InitReport{}, fmt.Errorf("replace %s: %w", dir, err)
	}
	if old != "" {
		_ = os.RemoveAll(old)
	}
	m.Dir = dir
	return rep, nil
}

// IssueDev issues one more identity from the CA of the development PKI in dir, writes it and adds it
// to the manifest. An existing identity of that name is replaced only with force.
func IssueDev(dir string, spec DevSpec, force bool, now func() time.Time) (ManifestEntry, error) {
	if err := CheckName(spec.Name); err != nil {
		return ManifestEntry{}, err
	}
	ca, err := LoadCA(filepath.Join(dir, "ca.pem"), filepath.Join(dir, "ca-key.pem"))
	if err != nil {
		return ManifestEntry{}, fmt.Errorf("%w (run 'ifconnect pki init' first)", err)
	}
	id := DevIdentity(dir, spec.Name)
	if !force && (exists(id.CertFile) || exists(id.KeyFile)) {
		return ManifestEntry{}, fmt.Errorf("identity %q already exists in %s (use --force to replace it)", spec.Name, dir)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return ManifestEntry{}, err
		}
		m = &Manifest{Dir: dir, CA: EntryFor("ca", "", "ca.pem", "ca-key.pem", ca.Cert)}
	}
	e, err := issueInto(dir, ca, spec, now)
	if err != nil {
		return ManifestEntry{}, err
	}
	m.Put(e)
	return e, writeManifest(m)
}

// issueInto issues spec and writes its key then its certificate, each atomically.
func issueInto(dir string, ca *CA, s DevSpec, now func() time.Time) (ManifestEntry, error) {
	req := s.Request
	if req.Now == nil {
		req.Now = now
	}
	iss, err := ca.Issue(req)
	if err != nil {
		return ManifestEntry{}, fmt.Errorf("%s: %w", s.Name, err)
	}
	id := DevIdentity(dir, s.Name)
	if err := writeFile(id.KeyFile, iss.KeyPEM(), 0o600); err != nil {
		return ManifestEntry{}, err
	}
	if err := writeFile(id.CertFile, iss.CertPEM(), 0o644); err != nil {
		return ManifestEntry{}, err
	}
	return EntryFor(s.Name, req.Kind, s.Name+".pem", s.Name+"-key.pem", iss.Cert), nil
}

func writeManifest(m *Manifest) error {
	b, err := m.Marshal()
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(m.Dir, ManifestFile), b, 0o644)
}

func writeFile(path string, data []byte, perm os.FileMode) error {
	return state.WriteFileAtomic(path, data, perm)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
