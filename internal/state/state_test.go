package state_test

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ifconnect/ifconnect/internal/state"
)

func TestOpenCreatesPrivateDirectory(t *testing.T) {
	root := filepath.Join(t.TempDir(), "s")
	d, err := state.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(d.Root)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("state dir mode = %v, err %v; want 0700 (it holds private keys)", st.Mode().Perm(), err)
	}
	if d.BankDB() != filepath.Join(root, "bank.db") || d.PKIDir() != filepath.Join(root, "pki") {
		t.Fatalf("unexpected layout: %s %s", d.BankDB(), d.PKIDir())
	}
}

func TestOpenRefusesUnwritableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		// root writes anywhere; use a path under a regular file instead, which nobody can create.
		f := filepath.Join(t.TempDir(), "file")
		os.WriteFile(f, nil, 0o600)
		if _, err := state.Open(filepath.Join(f, "s")); err == nil {
			t.Fatal("want an error for a state directory under a file")
		}
		return
	}
	dir := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(dir, 0o500)
	if _, err := state.Open(dir); err == nil {
		t.Fatal("want an error for a read-only state directory")
	}
}

func TestPublishReplacesByNameAndWithdrawOnlyOwn(t *testing.T) {
	d, err := state.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pid := os.Getpid()
	if err := d.Publish(state.Endpoint{Name: "bank-connect", URL: "https://127.0.0.1:1", PID: pid}); err != nil {
		t.Fatal(err)
	}
	if err := d.Publish(state.Endpoint{Name: "bank-connect", URL: "https://127.0.0.1:2", PID: pid},
		state.Endpoint{Name: "other", URL: "https://127.0.0.1:3", PID: pid + 1}); err != nil {
		t.Fatal(err)
	}
	eps, err := d.Endpoints()
	if err != nil || len(eps) != 2 {
		t.Fatalf("endpoints = %+v, %v", eps, err)
	}
	ep, err := d.Endpoint("bank-connect")
	if err != nil || ep.URL != "https://127.0.0.1:2" {
		t.Fatalf("bank-connect = %+v, %v", ep, err)
	}
	if err := d.Withdraw("bank-connect", "other"); err != nil {
		t.Fatal(err)
	}
	eps, _ = d.Endpoints()
	if len(eps) != 1 || eps[0].Name != "other" {
		t.Fatalf("withdraw must remove only this process's endpoints, left %+v", eps)
	}
	if _, err := d.Endpoint("bank-connect"); err == nil {
		t.Fatal("a withdrawn endpoint must not be found")
	}
}

func TestConcurrentPublishersLoseNothing(t *testing.T) {
	d, _ := state.Open(t.TempDir())
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.Publish(state.Endpoint{Name: string(rune('a' + i)), URL: "https://x"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	eps, err := d.Endpoints()
	if err != nil || len(eps) != 20 {
		t.Fatalf("want 20 endpoints, got %d (%v)", len(eps), err)
	}
}

func TestLockIsExclusive(t *testing.T) {
	d, _ := state.Open(t.TempDir())
	release, err := d.Lock("demo")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Lock("demo"); !errors.Is(err, state.ErrLocked) {
		t.Fatalf("second lock: want ErrLocked, got %v", err)
	}
	release()
	release2, err := d.Lock("demo")
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	release2()
}

func TestCorruptEndpointsFileIsReportedAndRepairedByPublish(t *testing.T) {
	d, _ := state.Open(t.TempDir())
	os.WriteFile(d.EndpointsFile(), []byte("{not json"), 0o644)
	if _, err := d.Endpoints(); err == nil {
		t.Fatal("a corrupt endpoints file must be reported")
	}
	if err := d.Publish(state.Endpoint{Name: "x", URL: "https://x"}); err != nil {
		t.Fatal(err)
	}
	if eps, err := d.Endpoints(); err != nil || len(eps) != 1 {
		t.Fatalf("after publish: %+v, %v", eps, err)
	}
}
