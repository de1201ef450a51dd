// Package audit turns on the rules that guess. A check keeps the rules
// whose findings it cannot show from the code behind a boolean flag of its
// own named audit, off by default; the leash command's -audit and the
// golangci-lint plugin's audit setting turn every check's on at once.
package audit

import (
	"flag"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// Usage documents -audit.
const Usage = "also run the rules that guess, listed as audit rules: sets every check's audit flag (a later -NAME.audit=false turns one back off)"

// FlagOf returns a's audit flag, the boolean flag named audit, or nil.
func FlagOf(a *analysis.Analyzer) *flag.Flag {
	f := a.Flags.Lookup("audit")
	if f == nil {
		return nil
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
		return nil
	}
	return f
}

// Set sets the audit flag of every analyzer that has one.
func Set(analyzers []*analysis.Analyzer, on bool) error {
	for _, a := range analyzers {
		if f := FlagOf(a); f != nil {
			if err := f.Value.Set(strconv.FormatBool(on)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Flag is a flag.Value for -audit: setting it sets the audit flag of
// every analyzer that has one, at once, so that like any flag a later
// one overrides it.
type Flag struct {
	Analyzers []*analysis.Analyzer
}

// String returns "true" when the analyzers have audit flags and all are
// on.
func (f *Flag) String() string {
	if f == nil {
		return "false" // the zero value, for PrintDefaults
	}
	on := false
	for _, a := range f.Analyzers {
		if af := FlagOf(a); af != nil {
			if af.Value.String() != "true" {
				return "false"
			}
			on = true
		}
	}
	return strconv.FormatBool(on)
}

// Set parses value as a boolean and sets every audit flag to it.
func (f *Flag) Set(value string) error {
	on, err := strconv.ParseBool(value)
	if err != nil {
		return err
	}
	return Set(f.Analyzers, on)
}

// IsBoolFlag makes -audit a flag without a value.
func (f *Flag) IsBoolFlag() bool { return true }
