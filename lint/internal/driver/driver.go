// Package driver is the leash command: it parses the command line, loads
// packages like go vet, runs the selected checks and reports their findings
// as text, JSON or SARIF, or applies their suggested fixes.
//
// It lives apart from package main so that tests can run the whole command
// in-process.
package driver

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/audit"
	"github.com/leash-go/leash/lint/internal/ignore"
	"github.com/leash-go/leash/lint/internal/spell"
	"golang.org/x/tools/go/analysis"
)

// Exit codes. They follow multichecker's: 3 for findings, 1 when code
// cannot be loaded or analysed, 2 for a bad command line. Findings decide
// over packages that did not load (those are named on stderr), but not
// over a check that failed, whose findings may be incomplete.
const (
	ExitClean    = 0 // no findings
	ExitError    = 1 // a check failed, or some package did not load and nothing was found
	ExitUsage    = 2 // bad flags
	ExitFindings = 3 // findings reported
)

// Options configure a run beyond the command line.
type Options struct {
	Stdout, Stderr io.Writer
	// Dir is the directory packages are loaded from; "" means the current one.
	Dir string
	// Terminal says whether Stderr is a terminal, which enables progress
	// reports on long runs.
	Terminal bool
	// Context, when cancelled, stops the run and the go command it
	// started; nil means context.Background().
	Context context.Context
}

// config is the parsed command line.
type config struct {
	json, fix, diff, version, tests bool
	sarif, tags                     string
	facts                           factScope
	patterns                        []string
	analyzers                       []*analysis.Analyzer
}

// Run runs the leash command with args (without the program name) over the
// given analyzers and returns its exit code.
func Run(args []string, analyzers []*analysis.Analyzer, opts Options) int {
	cfg, code := parseFlags(args, analyzers, opts)
	if cfg == nil {
		return code
	}
	if cfg.version {
		fmt.Fprintln(opts.Stdout, Version())
		return ExitClean
	}
	return run(cfg, opts)
}

// parseFlags parses the command line the way go vet does: -NAME enables a
// check (and then only the named ones run), -NAME=false disables it, and
// -NAME.flag sets one of its settings. A mistake gets one line and a hint
// on stderr, not the whole usage.
func parseFlags(args []string, analyzers []*analysis.Analyzer, opts Options) (*config, int) {
	stderr := opts.Stderr
	cfg := &config{}
	fs := flag.NewFlagSet("leash", flag.ContinueOnError)
	fs.BoolVar(&cfg.json, "json", false, "print findings as JSON in the go/analysis shape {package: {check: [finding]}}")
	fs.BoolVar(&cfg.fix, "fix", false, "apply the suggested fixes to the files")
	fs.BoolVar(&cfg.diff, "diff", false, "print the findings, then the suggested fixes as a unified diff, without changing files")
	fs.StringVar(&cfg.sarif, "sarif", "", "also write the findings to `file` as SARIF 2.1.0 (for code scanning)")
	fs.StringVar(&cfg.tags, "tags", "", "comma-separated build tags, as for go build")
	fs.BoolVar(&cfg.tests, "test", true, "also check test files")
	fs.BoolVar(&cfg.version, "version", false, "print the version and exit")
	fs.Var(&cfg.facts, "facts", "the dependencies analysed for the facts checks use: `main`, the main modules' packages (the default); std, those and the standard library; all, every one, as go vet")
	fs.Var(&audit.Flag{Analyzers: analyzers}, "audit", audit.Usage)
	enabled := make(map[*analysis.Analyzer]*triState)
	for _, a := range analyzers {
		enabled[a] = new(triState)
		fs.Var(enabled[a], a.Name, "enable the "+a.Name+" check (-"+a.Name+"=false disables it)")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	// The flag package prints its error and then the usage; print the
	// error alone, with a hint.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.SetOutput(opts.Stdout)
			usage(fs, analyzers)
			return nil, ExitClean
		}
		fmt.Fprintf(stderr, "leash: %v\n%s", err, flagHint(fs, err))
		return nil, ExitUsage
	}
	cfg.patterns = fs.Args()
	if len(cfg.patterns) == 1 && cfg.patterns[0] == "help" || len(cfg.patterns) == 2 && cfg.patterns[0] == "help" {
		fs.SetOutput(stderr)
		return nil, help(fs, analyzers, cfg.patterns[1:], opts.Stdout)
	}
	if len(cfg.patterns) == 0 {
		cfg.patterns = []string{"./..."}
	}
	if cfg.fix && cfg.diff {
		fmt.Fprintln(stderr, "leash: -fix and -diff do not go together: -diff shows the fixes, -fix applies them")
		return nil, ExitUsage
	}
	cfg.analyzers = selectAnalyzers(analyzers, enabled)
	var running []string
	for _, a := range cfg.analyzers {
		running = append(running, a.Name)
	}
	ignore.Running(running)
	return cfg, ExitClean
}

// flagHint suggests, after a flag error, the flag that was probably meant,
// and where the others are listed.
func flagHint(fs *flag.FlagSet, err error) string {
	const more = "run 'leash help' for the flags and checks\n"
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return more
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if meant := spell.Suggest(strings.TrimLeft(name, "-"), names); meant != "" {
		return "did you mean -" + meant + "? " + more
	}
	return more
}

// selectAnalyzers applies go vet's rule: if any check is enabled by name,
// run only those; otherwise run all but those disabled.
func selectAnalyzers(analyzers []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	anyTrue := slices.ContainsFunc(analyzers, func(a *analysis.Analyzer) bool { return *enabled[a] == setTrue })
	var out []*analysis.Analyzer
	for _, a := range analyzers {
		if anyTrue && *enabled[a] == setTrue || !anyTrue && *enabled[a] != setFalse {
			out = append(out, a)
		}
	}
	return out
}

// triState is a boolean flag that remembers whether it was set.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (t *triState) String() string {
	switch *t {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}

func (t *triState) Set(value string) error {
	switch strings.ToLower(value) {
	case "true", "1", "t":
		*t = setTrue
	case "false", "0", "f":
		*t = setFalse
	default:
		return fmt.Errorf("want true or false, got %q", value)
	}
	return nil
}

func (t *triState) IsBoolFlag() bool { return true }

func usage(fs *flag.FlagSet, analyzers []*analysis.Analyzer) {
	w := fs.Output()
	fmt.Fprint(w, `leash reports concurrency bugs in Go packages: unbounded fan-out, goroutines
that cannot be stopped, sends that leak, swallowed errors, group misuse and
mutex deadlocks.

Usage:
	leash [flags] [packages]   # check packages (default ./...)
	leash help [check]         # describe the checks, or one check
	go vet -vettool=$(command -v leash) [packages]

Exit status: 0 no findings; 3 findings, even if some package did not load
(stderr names it); 1 a package did not load and nothing was found, or a
check failed; 2 bad command line.

Checks:
`)
	for _, a := range analyzers {
		summary, _, _ := strings.Cut(a.Doc, "\n")
		fmt.Fprintf(w, "\t%-13s %s\n", a.Name, summary)
	}
	printAuditRules(w, analyzers)
	fmt.Fprint(w, "\nFlags:\n")
	fs.PrintDefaults()
}

// printAuditRules lists, apart from the checks, the rules that guess: each
// check's audit flag, which -audit turns on for all.
func printAuditRules(w io.Writer, analyzers []*analysis.Analyzer) {
	first := true
	for _, a := range analyzers {
		if f := audit.FlagOf(a); f != nil {
			if first {
				fmt.Fprint(w, "\nAudit rules, off by default because they guess (expect false positives);\n-audit turns on all of them, -NAME.audit those of one check:\n")
				first = false
			}
			fmt.Fprintf(w, "\t%-13s %s\n", a.Name, f.Usage)
		}
	}
}

// help prints the full documentation of the named check, or the usage.
func help(fs *flag.FlagSet, analyzers []*analysis.Analyzer, names []string, stdout io.Writer) int {
	if len(names) == 0 {
		fs.SetOutput(stdout)
		usage(fs, analyzers)
		return ExitClean
	}
	for _, a := range analyzers {
		if a.Name == names[0] {
			fmt.Fprintf(stdout, "%s: %s\n\n%s\n", a.Name, a.Doc, a.URL)
			auditFlag := audit.FlagOf(a)
			if auditFlag != nil {
				fmt.Fprintf(stdout, "\nAudit rules (off by default; -audit or -%s.audit turns them on): %s\n", a.Name, auditFlag.Usage)
			}
			a.Flags.VisitAll(func(f *flag.Flag) {
				if f != auditFlag { // said just above
					fmt.Fprintf(stdout, "\n  -%s.%s (default %s)\n    \t%s\n", a.Name, f.Name, f.DefValue, f.Usage)
				}
			})
			return ExitClean
		}
	}
	fmt.Fprintf(fs.Output(), "leash: no check named %q; run leash help for the list\n", names[0])
	return ExitUsage
}

// Version describes the build: leash's module version and the Go toolchain.
func Version() string {
	v := "(devel)"
	goVersion := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		goVersion = info.GoVersion
		if info.Main.Version != "" {
			v = info.Main.Version
		}
	}
	return strings.TrimSpace("leash " + v + " " + goVersion)
}
