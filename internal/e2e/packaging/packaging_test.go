package packaging

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

const root = "../../.."

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	buildOnce sync.Once
	built     string
	buildFail string
)

// buildLike runs the Dockerfile's `RUN CGO_ENABLED=0 go build …` line in this repository (once for
// the package), with VERSION set, and returns the binary it produced.
func buildLike(t *testing.T, dockerfile string) string {
	t.Helper()
	buildOnce.Do(func() { built, buildFail = build(dockerfile) })
	if buildFail != "" {
		t.Fatal(buildFail)
	}
	return built
}

func build(dockerfile string) (bin, failure string) {
	m := regexp.MustCompile(`(?m)^RUN CGO_ENABLED=0 (go build .*) -o /out/ifconnect (\./cmd/ifconnect)$`).FindStringSubmatch(dockerfile)
	if m == nil {
		return "", "the Dockerfile has no `RUN CGO_ENABLED=0 go build … -o /out/ifconnect ./cmd/ifconnect` line"
	}
	dir, err := os.MkdirTemp("", "ifconnect-packaging-*")
	if err != nil {
		return "", err.Error()
	}
	bin = filepath.Join(dir, "ifconnect")
	script := strings.ReplaceAll(m[1], "${VERSION}", "v0.0.0-packaging") + " -o " + bin + " " + m[2]
	cmd := exec.Command("sh", "-c", script)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "the Dockerfile's build fails: " + script + ": " + err.Error() + "\n" + string(out)
	}
	return bin, ""
}

// options returns the --options a command of bin accepts, from its help.
func options(t *testing.T, bin string, args ...string) map[string]bool {
	t.Helper()
	out, _ := exec.Command(bin, append(args, "--help")...).CombinedOutput()
	opts := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  --([a-z0-9-]+)`).FindAllStringSubmatch(string(out), -1) {
		opts[m[1]] = true
	}
	if len(opts) == 0 {
		t.Fatalf("%s %v --help lists no options:\n%s", bin, args, out)
	}
	return opts
}

// flagsOf returns the --names of a command line.
func flagsOf(line string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`--([a-z0-9-]+)`).FindAllStringSubmatch(line, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestDockerfile(t *testing.T) {
	df := read(t, "deploy/Dockerfile")
	bin := buildLike(t, df)
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "v0.0.0-packaging") {
		t.Errorf("the built binary reports %q (%v); want the VERSION build argument", out, err)
	}
	// The runtime stage: distroless, unprivileged, the binary only.
	stages := strings.Split(df, "\nFROM ")[1:]
	if len(stages) != 2 {
		t.Fatalf("want a build stage and a runtime stage, got %d stages", len(stages))
	}
	final := stages[1]
	for _, want := range []string{"gcr.io/distroless/static", "USER nonroot", "COPY --from=build /out/ifconnect /usr/local/bin/ifconnect", `ENTRYPOINT ["/usr/local/bin/ifconnect"]`} {
		if !strings.Contains(final, want) {
			t.Errorf("the runtime stage lacks %q", want)
		}
	}
	if strings.Contains(final, "COPY . ") {
		t.Error("the runtime stage copies the build context (keys or state could end up in the image)")
	}
	cmdLine := regexp.MustCompile(`(?m)^CMD \[(.*)\]$`).FindStringSubmatch(final)
	if cmdLine == nil {
		t.Fatal("no CMD")
	}
	var argv []string
	if err := json.Unmarshal([]byte("["+cmdLine[1]+"]"), &argv); err != nil || len(argv) == 0 {
		t.Fatalf("CMD is not a JSON array: %v", err)
	}
	bank := options(t, bin, argv[0])
	for _, f := range flagsOf(cmdLine[1]) {
		if !bank[f] {
			t.Errorf("CMD passes --%s, which `ifconnect %s` does not accept", f, argv[0])
		}
	}
	for _, port := range regexp.MustCompile(`":(\d+)"`).FindAllStringSubmatch(cmdLine[1], -1) {
		if !regexp.MustCompile(`(?m)^EXPOSE .*\b` + port[1] + `\b`).MatchString(final) {
			t.Errorf("CMD listens on :%s, which is not EXPOSEd", port[1])
		}
	}
	ignore := read(t, ".dockerignore")
	for _, want := range []string{".ifconnect", "*.pem", "*.db"} {
		if !strings.Contains(ignore, want) {
			t.Errorf(".dockerignore does not keep %s out of the build context", want)
		}
	}
}

func TestSystemdUnitAndConfig(t *testing.T) {
	bin := buildLike(t, read(t, "deploy/Dockerfile"))
	unit := read(t, "deploy/ifconnect-bank.service")
	bank, migrate := options(t, bin, "bank"), options(t, bin, "migrate")
	for key, opts := range map[string]map[string]bool{"ExecStart": bank, "ExecStartPre": migrate} {
		m := regexp.MustCompile(`(?m)^` + key + `=(\S+) (.*)$`).FindStringSubmatch(unit)
		if m == nil {
			t.Fatalf("the unit has no %s", key)
		}
		for _, f := range flagsOf(m[2]) {
			if !opts[f] {
				t.Errorf("%s passes --%s, which the command does not accept", key, f)
			}
		}
	}
	for _, want := range []string{"ExecReload=/bin/kill -HUP $MAINPID", "KillSignal=SIGTERM", "NoNewPrivileges=yes", "ProtectSystem=strict", "User=ifconnect"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the unit lacks %s", want)
		}
	}
	// The stop timeout must outlast the bank's 30-second drain.
	if m := regexp.MustCompile(`(?m)^TimeoutStopSec=(\d+)$`).FindStringSubmatch(unit); m == nil {
		t.Error("the unit has no TimeoutStopSec")
	} else if n, _ := strconv.Atoi(m[1]); n <= 30 {
		t.Errorf("TimeoutStopSec=%d must exceed the bank's 30 s drain", n)
	}
	var cfg map[string]any
	if err := json.Unmarshal([]byte(read(t, "deploy/bank.json")), &cfg); err != nil {
		t.Fatalf("deploy/bank.json: %v", err)
	}
	for k := range cfg {
		if !bank[k] {
			t.Errorf("deploy/bank.json sets %q, which `ifconnect bank` does not accept", k)
		}
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built != "" {
		os.RemoveAll(filepath.Dir(built))
	}
	os.Exit(code)
}
