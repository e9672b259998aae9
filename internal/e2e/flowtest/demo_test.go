package flowtest

import (
	"bytes"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/e2e/binarytest"
	"github.com/ifconnect/ifconnect/internal/state"
)

// demo is a running `ifconnect demo`.
type demo struct {
	cmd      *exec.Cmd
	state    state.Dir
	out, err *binarytest.Output
	exited   chan struct{}
}

// freePorts are the demo's options for free ports on every listener.
var freePorts = []string{"--platform-tpp-listen", "127.0.0.1:0", "--platform-bank-listen", "127.0.0.1:0",
	"--bank-connect-listen", "127.0.0.1:0", "--bank-web-listen", "127.0.0.1:0", "--tpp-web-listen", "127.0.0.1:0"}

// startDemo runs `ifconnect demo` over the state directory dir and waits until it is ready (its TPP
// web app, published last, is in endpoints.json).
func startDemo(t *testing.T, dir string, extra ...string) *demo {
	t.Helper()
	st, err := state.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	d := &demo{state: st, out: &binarytest.Output{}, err: &binarytest.Output{}, exited: make(chan struct{})}
	d.cmd = exec.Command(binarytest.Build(t), append(append([]string{"demo", "--state", dir}, freePorts...), extra...)...)
	d.cmd.Stdout, d.cmd.Stderr = d.out, d.err
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { d.cmd.Wait(); close(d.exited) }()
	t.Cleanup(func() {
		if d.cmd.ProcessState == nil {
			d.cmd.Process.Kill()
			<-d.exited
		}
	})
	deadline := time.Now().Add(3 * time.Minute)
	for {
		if ep, err := st.Endpoint("tpp-web"); err == nil && ep.PID == d.cmd.Process.Pid {
			return d
		}
		select {
		case <-d.exited:
			t.Fatalf("demo exited before it was ready:\n%s\n%s", d.out, d.err)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo not ready after 3 minutes:\n%s\n%s", d.out, d.err)
		}
	}
}

// url is the published URL of the endpoint name.
func (d *demo) url(t *testing.T, name string) string {
	t.Helper()
	ep, err := d.state.Endpoint(name)
	if err != nil {
		t.Fatal(err)
	}
	return ep.URL
}

// interrupt sends the demo SIGINT, as Ctrl-C does.
func (d *demo) interrupt(t *testing.T) {
	t.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
}

// waitStopped waits for the interrupted demo to exit and checks it stopped cleanly: status 0, its
// endpoints withdrawn.
func (d *demo) waitStopped(t *testing.T) {
	t.Helper()
	select {
	case <-d.exited:
	case <-time.After(time.Minute):
		t.Fatalf("demo did not stop within a minute of SIGINT:\n%s", d.out)
	}
	if code := d.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("demo exited %d after SIGINT:\n%s\n%s", code, d.out, d.err)
	}
	if !strings.Contains(d.out.String(), "Stopped.") {
		t.Fatalf("demo did not report a clean stop:\n%s", d.out)
	}
	eps, err := d.state.Endpoints()
	if err != nil {
		t.Fatal(err)
	}
	if len(eps) != 0 {
		t.Fatalf("endpoints left in endpoints.json after the stop: %+v", eps)
	}
}

// runOnce runs the binary to completion and returns its exit code and output.
func runOnce(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(binarytest.Build(t), args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatal(err)
		}
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String()
}
