package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
)

// The configuration reference in docs/configuration.md is the --help of every command and subcommand,
// so it cannot drift from the code: this test regenerates it and fails when the file differs. Run
// `IFCONNECT_UPDATE_DOCS=1 go test ./cmd/ifconnect -run TestConfigurationReference` after changing an
// option.
func TestConfigurationReferenceMatchesHelp(t *testing.T) {
	var doc bytes.Buffer
	doc.WriteString("# Configuration reference\n\n")
	doc.WriteString("Generated from `ifconnect <command> --help` by `cmd/ifconnect/docs_test.go`; do not edit by hand.\n")
	doc.WriteString("Every option can also be set by the environment variable shown, or as a key of the JSON file\n")
	doc.WriteString("given by `--config` / `IFCONNECT_CONFIG` (see the README's Configuration section).\n")
	subs := regexp.MustCompile(`^Usage: ifconnect \S+ <([a-z|-]+)>`)
	for _, c := range commands() {
		out := helpOf(t, c.name)
		doc.WriteString("\n## ifconnect " + c.name + "\n\n```\n" + out + "```\n")
		m := subs.FindStringSubmatch(out)
		if m == nil {
			continue
		}
		for _, sub := range strings.Split(m[1], "|") {
			doc.WriteString("\n### ifconnect " + c.name + " " + sub + "\n\n```\n" + helpOf(t, c.name, sub) + "```\n")
		}
	}
	const path = "../../docs/configuration.md"
	if os.Getenv("IFCONNECT_UPDATE_DOCS") != "" {
		if err := os.WriteFile(path, doc.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v (generate it with IFCONNECT_UPDATE_DOCS=1)", path, err)
	}
	if !bytes.Equal(have, doc.Bytes()) {
		t.Fatalf("%s does not match the commands' --help; regenerate it with IFCONNECT_UPDATE_DOCS=1 go test ./cmd/ifconnect -run TestConfigurationReference", path)
	}
}

func helpOf(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	run(context.Background(), append(args, "--help"), func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	if !strings.HasPrefix(out.String(), "Usage: ifconnect "+args[0]) {
		t.Fatalf("ifconnect %s --help printed no usage line:\n%s%s", strings.Join(args, " "), out.String(), errOut.String())
	}
	s := out.String()
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}
