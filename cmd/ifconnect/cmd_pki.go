package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"math"
	"net"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/pki"
)

// runPKI is `ifconnect pki`: the development CA and the certificates every server and client of the
// sandbox uses.
func runPKI(ctx context.Context, e env, args []string) error {
	return subcommand(ctx, e, "pki", args, map[string]func(context.Context, env, []string) error{
		"init":  runPKIInit,
		"issue": runPKIIssue,
		"check": runPKICheck,
	}, `Development CA and certificates, kept under STATE/pki with a manifest (pki.json) that names every
identity, its files, fingerprint and subject.

  init   create the CA and the standard identities (idempotent; --force replaces everything)
  issue  issue one more server, client or TPP certificate from the CA
  check  list certificates with their expiry; warn when close, fail when expired`)
}

// Fixed Open Banking Brasil identifiers of the two sandbox TPPs, so the platform's registry and the
// TPP client agree on them across `pki init --force` runs.
const (
	tpp1OrgID      = "b961c4eb-509d-4633-9e8a-cd9c3e6b1b84"
	tpp1SoftwareID = "2f4e1b9c-7a3d-4c1e-9b8f-5d6a7e8f9a01"
	tpp2OrgID      = "74e929d9-33b6-4d85-8ba7-c146c867a817"
	tpp2SoftwareID = "c3a1d5e7-9b2f-4a6c-8e0d-1f3b5a7c9e02"
)

// devSpecs are the identities `pki init` creates, with leaf keys of bits bits.
func devSpecs(bits int) []pki.DevSpec {
	loopback := []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	return []pki.DevSpec{
		{Name: "platform-server", Request: pki.Request{Kind: pki.KindServer, CommonName: "localhost", Organization: "TecBan sandbox",
			DNSNames: []string{"localhost", "platform.localhost"}, IPAddresses: loopback, Bits: bits}},
		{Name: "platform-client", Request: pki.Request{Kind: pki.KindClient, CommonName: "platform-client", Organization: "TecBan sandbox", Bits: bits}},
		{Name: "bank-server", Request: pki.Request{Kind: pki.KindServer, CommonName: "localhost", Organization: "ifconnect bank",
			DNSNames: []string{"localhost", "bank.localhost"}, IPAddresses: loopback, Bits: bits}},
		{Name: "bank-client", Request: pki.Request{Kind: pki.KindClient, CommonName: "bank-client", Organization: "ifconnect bank", Bits: bits}},
		{Name: "tpp1-client", Request: pki.Request{Kind: pki.KindTPP, Bits: bits, TPP: &pki.TPPSubject{
			CommonName: "tpp1.localhost", OrganizationID: tpp1OrgID, SoftwareStatementID: tpp1SoftwareID,
			CNPJ: core.CompleteCNPJ("112223330001"), Organization: "TPP Um Pagamentos LTDA", Locality: "São Paulo", State: "SP"}}},
		{Name: "tpp2-client", Request: pki.Request{Kind: pki.KindTPP, Bits: bits, TPP: &pki.TPPSubject{
			CommonName: "tpp2.localhost", OrganizationID: tpp2OrgID, SoftwareStatementID: tpp2SoftwareID,
			CNPJ: core.CompleteCNPJ("445556660001"), Organization: "TPP Dois Investimentos S.A.", Locality: "Rio de Janeiro", State: "RJ"}}},
	}
}

func runPKIInit(_ context.Context, e env, args []string) error {
	fs := config.NewFlagSet("pki init", "ifconnect pki init [--state DIR] [--force]",
		`Creates the development PKI under STATE/pki: the CA (ca.pem, ca-key.pem) and, for each identity,
NAME.pem and NAME-key.pem (keys mode 0600):

  platform-server  the platform sandbox's TLS server certificate
  platform-client  the platform calling the bank's Bank Connect APIs
  bank-server      the bank's Bank Connect and web listeners
  bank-client      the bank calling the platform's headless and consent APIs
  tpp1-client      a TPP with an Open Banking Brasil subject (organizationIdentifier, UID, CNPJ)
  tpp2-client      a second, distinct TPP

plus pki.json, the manifest listing each identity's files, fingerprint and subject. Server
certificates name localhost, 127.0.0.1 and ::1. Leaf certificates are valid for one year.

Running it again leaves existing files alone (and issues only missing identities); --force
replaces everything, CA included, atomically: a failure leaves the old PKI untouched.`)
	openState := stateFlag(fs)
	configFlag(fs)
	force := fs.Bool("force", false, "replace the existing CA and every certificate")
	caBits := fs.Int("ca-key-bits", 3072, "RSA key size of the CA (at least 2048)")
	bits := fs.Int("key-bits", 2048, "RSA key size of each certificate (at least 2048)")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if *caBits < pki.MinRSABits || *bits < pki.MinRSABits {
		return config.Usagef("pki init: key sizes must be at least %d bits", pki.MinRSABits)
	}
	st, err := openState()
	if err != nil {
		return err
	}
	dir := st.PKIDir()
	rep, err := pki.InitDev(dir, pki.InitOptions{Specs: devSpecs(*bits), Force: *force, CABits: *caBits})
	if err != nil {
		return fmt.Errorf("pki init: %w", err)
	}
	switch {
	case rep.Created && *force:
		fmt.Fprintf(e.stdout, "Replaced the PKI in %s with a new CA and %d certificates.\n", dir, len(rep.Issued))
	case rep.Created:
		fmt.Fprintf(e.stdout, "Created the PKI in %s: a CA and %d certificates.\n", dir, len(rep.Issued))
	case len(rep.Issued) == 0:
		fmt.Fprintf(e.stdout, "The PKI in %s already exists; left every file as it was (use --force to replace it).\n", dir)
	default:
		fmt.Fprintf(e.stdout, "The PKI in %s already exists; kept %s and issued the missing %s.\n", dir, strings.Join(rep.Kept, ", "), strings.Join(rep.Issued, ", "))
	}
	printManifest(e.stdout, rep.Manifest)
	return nil
}

func printManifest(w io.Writer, m *pki.Manifest) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "NAME\tFILE\tSHA-256 FINGERPRINT\tSUBJECT\n")
	fmt.Fprintf(tw, "ca\t%s\t%s\t%s\n", filepath.Join(m.Dir, m.CA.CertFile), m.CA.Fingerprint, m.CA.Subject)
	for _, id := range m.Identities {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", id.Name, filepath.Join(m.Dir, id.CertFile), id.Fingerprint, id.Subject)
	}
	tw.Flush()
	fmt.Fprintf(w, "Manifest: %s\n", filepath.Join(m.Dir, pki.ManifestFile))
}

func runPKIIssue(_ context.Context, e env, args []string) error {
	fs := config.NewFlagSet("pki issue", "ifconnect pki issue --name NAME --kind server|client|tpp [options]",
		`Issues one more certificate from the CA of STATE/pki, writes NAME.pem and NAME-key.pem (mode 0600)
there and adds it to the manifest. An existing NAME is replaced only with --force.

  server  TLS server certificate; --dns and --ip name it (default localhost, 127.0.0.1, ::1)
  client  TLS client certificate with CN --cn (default NAME)
  tpp     TLS client certificate with the Open Banking Brasil subject: CN --cn (host name),
          organizationIdentifier OFBBR-<--org-id>, UID --software-id, serialNumber --cnpj,
          O --org, L --locality, ST --st, C=BR. Ids default to new UUIDs and the CNPJ to a
          generated valid one.`)
	openState := stateFlag(fs)
	configFlag(fs)
	name := fs.String("name", "", "identity name: file stem and manifest key (required)")
	kindS := fs.String("kind", "", "server, client or tpp (required)")
	cn := fs.String("cn", "", "subject common name (default: first --dns for servers, NAME for clients, NAME.localhost for TPPs)")
	dns := fs.String("dns", "", "comma-separated DNS names (server certificates)")
	ips := fs.String("ip", "", "comma-separated IP addresses (server certificates)")
	org := fs.String("org", "", "organisation name (O)")
	orgID := fs.String("org-id", "", "TPP organisation id (UUID; default a new one)")
	softwareID := fs.String("software-id", "", "TPP software statement id (UUID; default a new one)")
	cnpj := fs.String("cnpj", "", "TPP CNPJ, 14 digits with valid check digits (default a generated one)")
	locality := fs.String("locality", "São Paulo", "TPP locality (L)")
	st := fs.String("st", "SP", "TPP state, the UF (ST)")
	days := fs.Int("days", 365, "validity in days, 1 to 365")
	bits := fs.Int("key-bits", 2048, "RSA key size (at least 2048)")
	force := fs.Bool("force", false, "replace an existing identity of that name")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if *name == "" {
		return config.Usagef("pki issue: --name is required")
	}
	if err := pki.CheckName(*name); err != nil {
		return config.Usagef("pki issue: %v", err)
	}
	kind, err := pki.ParseKind(*kindS)
	if err != nil {
		return config.Usagef("pki issue: --kind: %v", err)
	}
	if *days < 1 || *days > 365 {
		return config.Usagef("pki issue: --days %d must be between 1 and 365 (certificates live at most one year)", *days)
	}
	if *bits < pki.MinRSABits {
		return config.Usagef("pki issue: --key-bits must be at least %d", pki.MinRSABits)
	}
	req := pki.Request{Kind: kind, CommonName: *cn, Organization: *org, DNSNames: splitList(*dns), Validity: time.Duration(*days) * 24 * time.Hour, Bits: *bits}
	for _, s := range splitList(*ips) {
		ip := net.ParseIP(s)
		if ip == nil {
			return config.Usagef("pki issue: --ip %q is not an IP address", s)
		}
		req.IPAddresses = append(req.IPAddresses, ip)
	}
	switch kind {
	case pki.KindClient:
		if req.CommonName == "" {
			req.CommonName = *name
		}
	case pki.KindTPP:
		sub, err := tppSubject(*name, *cn, *org, *orgID, *softwareID, *cnpj, *locality, *st)
		if err != nil {
			return err
		}
		req.TPP = &sub
	}
	stDir, err := openState()
	if err != nil {
		return err
	}
	entry, err := pki.IssueDev(stDir.PKIDir(), pki.DevSpec{Name: *name, Request: req}, *force, nil)
	if err != nil {
		return fmt.Errorf("pki issue: %w", err)
	}
	dir := stDir.PKIDir()
	fmt.Fprintf(e.stdout, "Issued %s (%s) valid until %s\n  certificate  %s\n  key          %s\n  fingerprint  %s\n  subject      %s\n",
		entry.Name, entry.Kind, entry.NotAfter.Format(time.RFC3339), filepath.Join(dir, entry.CertFile), filepath.Join(dir, entry.KeyFile), entry.Fingerprint, entry.Subject)
	return nil
}

func tppSubject(name, cn, org, orgID, softwareID, cnpj, locality, st string) (pki.TPPSubject, error) {
	if cn == "" {
		cn = name + ".localhost"
	}
	if org == "" {
		org = "TPP " + name
	}
	if orgID == "" {
		orgID = uuid.NewString()
	} else if _, err := uuid.Parse(orgID); err != nil {
		return pki.TPPSubject{}, config.Usagef("pki issue: --org-id %q is not a UUID", orgID)
	}
	if softwareID == "" {
		softwareID = uuid.NewString()
	} else if _, err := uuid.Parse(softwareID); err != nil {
		return pki.TPPSubject{}, config.Usagef("pki issue: --software-id %q is not a UUID", softwareID)
	}
	if cnpj == "" {
		// A CNPJ root derived from the organisation id keeps distinct TPPs distinct; branch 0001.
		u := uuid.MustParse(orgID)
		root := ""
		for _, b := range u[:8] {
			root += fmt.Sprint(int(b) % 10)
		}
		cnpj = core.CompleteCNPJ(root + "0001")
	}
	if !core.ValidCNPJ(cnpj) {
		return pki.TPPSubject{}, config.Usagef("pki issue: --cnpj %q is not a valid CNPJ (14 digits, no punctuation, correct check digits)", cnpj)
	}
	return pki.TPPSubject{CommonName: cn, OrganizationID: orgID, SoftwareStatementID: softwareID, CNPJ: cnpj, Organization: org, Locality: locality, State: st}, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// listFlag is a repeatable option that also takes comma-separated values (as environment variables
// and config-file lists arrive).
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	*l = append(*l, splitList(s)...)
	return nil
}

func runPKICheck(_ context.Context, e env, args []string) error {
	fs := config.NewFlagSet("pki check", "ifconnect pki check [--state DIR] [--warn-days 30] [--cert FILE ...]",
		`Lists every certificate of the PKI manifest (STATE/pki/pki.json), and any other PEM certificate
given with --cert, with its subject, SHA-256 fingerprint, expiry and days left. Identities of the
manifest are also checked against their key and the CA.

The certificate options of the bank and the platform (--tls-cert, --client-ca, --platform-client-cert,
--platform-ca, --ca) are checked too, so 'ifconnect pki check --config /etc/ifconnect/bank.json' lists
the certificates a production process is configured with, whatever their paths.

Prints a WARNING line for each certificate expiring within --warn-days, and exits 1 when any
certificate has expired, any file is unreadable or a manifest identity fails its checks.`)
	openState := stateFlag(fs)
	configFlag(fs)
	warnDays := fs.Int("warn-days", 30, "warn about certificates expiring within this many days")
	var extra listFlag
	fs.Var(&extra, "cert", "another PEM certificate file to check (repeatable, or comma-separated)")
	// The same option names as bank and platform, so their JSON config file or IFCONNECT_* variables
	// name the certificates in use.
	configured := []struct{ name, usage string }{
		{"tls-cert", "the server certificate a bank or platform is configured with"},
		{"client-ca", "the CAs the bank accepts platform client certificates from"},
		{"platform-client-cert", "the bank's client certificate for the platform"},
		{"platform-ca", "the CAs of the platform's server certificate"},
		{"ca", "the CAs the platform accepts client certificates from"},
	}
	configuredFiles := make([]*string, len(configured))
	for i, c := range configured {
		configuredFiles[i] = fs.String(c.name, "", c.usage+" (checked when set)")
	}
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	type namedFile struct{ name, file string }
	var others []namedFile
	for i, c := range configured {
		if *configuredFiles[i] != "" {
			others = append(others, namedFile{c.name, *configuredFiles[i]})
		}
	}
	for _, f := range extra {
		others = append(others, namedFile{filepath.Base(f), f})
	}
	if *warnDays < 0 {
		return config.Usagef("pki check: --warn-days must not be negative")
	}
	st, err := openState()
	if err != nil {
		return err
	}
	now := time.Now()
	type row struct {
		name, file string
		cert       *x509.Certificate
		problem    string
	}
	var rows []row
	m, err := pki.ReadManifest(st.PKIDir())
	switch {
	case err == nil:
		pool, poolErr := pki.LoadCertPool(m.CAFile())
		caCert, caErr := pki.LoadCertificate(m.CAFile())
		if caErr != nil {
			rows = append(rows, row{name: "ca", file: m.CAFile(), problem: caErr.Error()})
		} else {
			rows = append(rows, row{name: "ca", file: m.CAFile(), cert: caCert})
		}
		for _, ent := range m.Identities {
			id, _ := m.Identity(ent.Name)
			r := row{name: ent.Name, file: id.CertFile}
			tc, err := id.Load()
			if err != nil {
				r.problem = err.Error()
				if c, cerr := pki.LoadCertificate(id.CertFile); cerr == nil {
					r.cert = c
				}
			} else {
				r.cert = tc.Leaf
				if poolErr == nil {
					// Chain validity is checked at the certificate's own start, so expiry is reported separately.
					opts := x509.VerifyOptions{Roots: pool, CurrentTime: tc.Leaf.NotBefore.Add(time.Second), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}
					if _, err := tc.Leaf.Verify(opts); err != nil {
						r.problem = fmt.Sprintf("does not chain to %s: %v", m.CAFile(), err)
					}
				}
			}
			rows = append(rows, r)
		}
	case errors.Is(err, iofs.ErrNotExist) && len(others) > 0:
	default:
		return fmt.Errorf("pki check: %w", err)
	}
	for _, f := range others {
		r := row{name: f.name, file: f.file}
		c, err := pki.LoadCertificate(f.file)
		if err != nil {
			r.problem = err.Error()
		} else {
			r.cert = c
		}
		rows = append(rows, r)
	}

	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "NAME\tNOT AFTER\tDAYS LEFT\tSHA-256 FINGERPRINT\tSUBJECT\n")
	var notes []string
	expired, broken := 0, 0
	for _, r := range rows {
		if r.cert == nil {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t%s\n", r.name, r.file)
		} else {
			left := int(math.Round(r.cert.NotAfter.Sub(now).Hours() / 24))
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", r.name, r.cert.NotAfter.UTC().Format(time.RFC3339), left, pki.Fingerprint(r.cert), pki.SubjectDN(r.cert))
			switch {
			case !now.Before(r.cert.NotAfter):
				expired++
				notes = append(notes, fmt.Sprintf("EXPIRED: %s (%s) expired on %s", r.name, r.file, r.cert.NotAfter.UTC().Format(time.RFC3339)))
			case r.cert.NotAfter.Sub(now) < time.Duration(*warnDays)*24*time.Hour:
				notes = append(notes, fmt.Sprintf("WARNING: %s (%s) expires in %d days, on %s", r.name, r.file, left, r.cert.NotAfter.UTC().Format(time.RFC3339)))
			}
		}
		if r.problem != "" {
			broken++
			notes = append(notes, fmt.Sprintf("ERROR: %s: %s", r.name, r.problem))
		}
	}
	tw.Flush()
	for _, n := range notes {
		fmt.Fprintln(e.stdout, n)
	}
	switch {
	case expired > 0 && broken > 0:
		return fmt.Errorf("pki check: %d certificate(s) expired and %d failed their checks", expired, broken)
	case expired > 0:
		return fmt.Errorf("pki check: %d certificate(s) expired", expired)
	case broken > 0:
		return fmt.Errorf("pki check: %d certificate(s) failed their checks", broken)
	}
	return nil
}
