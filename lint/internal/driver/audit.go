package driver

import (
	"flag"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// auditUsage documents -audit.
const auditUsage = "also run the rules that guess, listed as audit rules: sets every check's audit flag (a later -NAME.audit=false turns one back off)"

// auditFlagOf returns a's audit flag: the boolean flag named audit with
// which a check turns on its rules that guess, or nil.
func auditFlagOf(a *analysis.Analyzer) *flag.Flag {
	f := a.Flags.Lookup("audit")
	if f == nil {
		return nil
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
		return nil
	}
	return f
}

// auditFlag is -audit: setting it sets the audit flag of every analyzer
// that has one, at once, so that like any flag a later one overrides it.
type auditFlag struct {
	analyzers []*analysis.Analyzer
}

func (f *auditFlag) String() string {
	if f == nil {
		return "false" // the zero value, for PrintDefaults
	}
	on := false
	for _, a := range f.analyzers {
		if af := auditFlagOf(a); af != nil {
			if af.Value.String() != "true" {
				return "false"
			}
			on = true
		}
	}
	return strconv.FormatBool(on)
}

func (f *auditFlag) Set(value string) error {
	on, err := strconv.ParseBool(value)
	if err != nil {
		return err
	}
	for _, a := range f.analyzers {
		if af := auditFlagOf(a); af != nil {
			if err := af.Value.Set(strconv.FormatBool(on)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f *auditFlag) IsBoolFlag() bool { return true }
