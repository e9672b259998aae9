// Package config parses a command's options from, in order of precedence, its command line, the
// environment (IFCONNECT_<OPTION>) and an optional JSON config file, over defaults that work on
// loopback with no file at all. Every failure names the option and where its bad value came from, in
// one line, so the binary can print it and exit 2.
package config

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// UsageError is a mistake in how the command was called: an unknown option, a bad value, a missing
// argument. The binary prints it as one line and exits 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a *UsageError with a formatted message.
func Usagef(format string, args ...any) error { return &UsageError{Msg: fmt.Sprintf(format, args...)} }

// EnvName is the environment variable that sets option name: IFCONNECT_ followed by the name in upper
// case with dashes and dots as underscores ("bank-listen" → IFCONNECT_BANK_LISTEN).
func EnvName(name string) string {
	r := strings.NewReplacer("-", "_", ".", "_")
	return "IFCONNECT_" + strings.ToUpper(r.Replace(name))
}

// FlagSet is a command's options together with the help text --help prints.
type FlagSet struct {
	*flag.FlagSet
	UsageLine string // "ifconnect pki init [options]"
	Doc       string // what the command does, a paragraph or two
}

// NewFlagSet returns an empty option set for the command name with its usage line and description.
func NewFlagSet(name, usageLine, doc string) *FlagSet {
	return &FlagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), UsageLine: usageLine, Doc: doc}
}

// Parse parses args into fs, then fills every option not given on the command line from the
// environment and then from the config file named by the "config" option (or IFCONNECT_CONFIG), if
// any. The config file is a JSON object whose keys are option names; keys for other commands are
// ignored, so one file can configure every command. It returns flag.ErrHelp when -h or --help was given
// (after writing the usage to out), and a *UsageError for anything else wrong.
func (fs *FlagSet) Parse(args []string, getenv func(string) string, out io.Writer) error {
	fs.SetOutput(io.Discard)
	if err := fs.FlagSet.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage(out)
			return flag.ErrHelp
		}
		return &UsageError{Msg: fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })

	var file map[string]json.RawMessage
	path := ""
	if f := fs.Lookup("config"); f != nil {
		path = f.Value.String()
	}
	if path == "" {
		path = getenv("IFCONNECT_CONFIG")
	}
	if path != "" {
		var err error
		if file, err = readFile(path); err != nil {
			return err
		}
	}

	var firstErr error
	fs.VisitAll(func(f *flag.Flag) {
		if firstErr != nil || given[f.Name] || f.Name == "config" {
			return
		}
		if v := getenv(EnvName(f.Name)); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				firstErr = Usagef("%s: invalid value %q for %s: %v", fs.Name(), v, EnvName(f.Name), cause(err))
			}
			return
		}
		raw, ok := file[f.Name]
		if !ok {
			return
		}
		v, err := scalar(raw)
		if err == nil {
			err = fs.Set(f.Name, v)
		}
		if err != nil {
			firstErr = Usagef("%s: invalid value for %q in config file %s: %v", fs.Name(), f.Name, path, cause(err))
		}
	})
	return firstErr
}

// Usage writes the command's help: its usage line, its description and every option with its
// environment variable and default.
func (fs *FlagSet) Usage(out io.Writer) {
	if fs.UsageLine != "" {
		fmt.Fprintf(out, "Usage: %s\n\n", fs.UsageLine)
	}
	if fs.Doc != "" {
		fmt.Fprintf(out, "%s\n\n", strings.TrimSpace(fs.Doc))
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(out, "Options (each also settable as the environment variable shown, or as a key of the JSON config file):")
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(out, "  --%s %s\n", f.Name, name)
		fmt.Fprintf(out, "        %s", usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "0s" {
			fmt.Fprintf(out, " (default %s)", f.DefValue)
		}
		fmt.Fprintf(out, " [%s]\n", EnvName(f.Name))
	})
}

func readFile(path string) (map[string]json.RawMessage, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, Usagef("config file: %v", err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, Usagef("config file %s: not a JSON object of options: %v", path, err)
	}
	return m, nil
}

// scalar turns a JSON string, number or boolean into the text flag.Value.Set expects.
func scalar(raw json.RawMessage) (string, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case bool, float64:
		return strings.TrimSpace(string(raw)), nil
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return "", errors.New("lists must hold strings")
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), nil
	default:
		return "", errors.New("must be a string, number, boolean or list of strings")
	}
}

// cause strips the flag package's prefix from a Set error so the line stays short.
func cause(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && strings.HasPrefix(s, "parse error") {
		return s[i+2:]
	}
	return s
}
