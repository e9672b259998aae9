package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ifconnect/ifconnect/internal/config"
)

// env is what every command receives from the process: the environment and the standard streams.
// Commands take nothing else from the outside world, so tests call run with their own.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand of the binary.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

// commands lists every subcommand in the order `ifconnect help` shows them.
func commands() []command {
	return []command{
		{"pki", "development CA and certificates: init, issue, check", runPKI},
		{"migrate", "create or upgrade the bank's database schema", runMigrate},
		{"seed", "load deterministic, realistic Brazilian bank data", runSeed},
		{"ledger", "check the bank's double-entry ledger", runLedger},
		{"bank", "run the bank: Bank Connect AIS/PIS (mutual TLS) and the customer web journey", runBank},
		{"platform", "run the TecBan platform sandbox", runPlatform},
		{"tpp", "TPP client: drive the data-sharing and payment flows", runTPP},
		{"demo", "run platform, bank and a TPP web app together on loopback", runDemo},
		{"audit", "the audit trail of a consent, a payment or a customer", runAudit},
		{"report", "usage report: calls per client and API family, latency and availability against the SLA", runReport},
		{"bench", "load benchmarks with throughput and latency percentiles", runBench},
		{"conformance", "run the Bank Connect test cases against any bank", runConformance},
		{"version", "print the version", runVersion},
	}
}

// run is the whole binary: main only wires the process to it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 {
		usage(stderr, cmds)
		return config.Usagef("a command is required")
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, getenv, stdin, stdout, stderr)
		}
		usage(stdout, cmds)
		return nil
	}
	i := slices.IndexFunc(cmds, func(c command) bool { return c.name == name })
	if i < 0 {
		return config.Usagef("unknown command %q (run 'ifconnect help' for the list)", name)
	}
	return cmds[i].run(ctx, e, args[1:])
}

func usage(w io.Writer, cmds []command) {
	fmt.Fprintln(w, "Usage: ifconnect <command> [options]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "ifconnect is a bank's side of Open Banking Brasil on the TecBan platform, with a local sandbox of the platform.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'ifconnect <command> --help' for a command's options.")
}

// subcommand dispatches to the named child of a command group such as `pki init`.
func subcommand(ctx context.Context, e env, group string, args []string, subs map[string]func(context.Context, env, []string) error, summary string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		names := make([]string, 0, len(subs))
		for n := range subs {
			names = append(names, n)
		}
		slices.Sort(names)
		out := e.stdout
		if len(args) == 0 {
			out = e.stderr
		}
		fmt.Fprintf(out, "Usage: ifconnect %s <%s> [options]\n\n%s\n", group, strings.Join(names, "|"), summary)
		if len(args) == 0 {
			return config.Usagef("%s: a subcommand is required (%s)", group, strings.Join(names, ", "))
		}
		return flag.ErrHelp
	}
	f, ok := subs[args[0]]
	if !ok {
		return config.Usagef("%s: unknown subcommand %q", group, args[0])
	}
	return f(ctx, e, args[1:])
}
