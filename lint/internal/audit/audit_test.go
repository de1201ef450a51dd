package audit_test

import (
	"flag"
	"testing"

	"github.com/leash-go/leash/lint/internal/audit"
	"golang.org/x/tools/go/analysis"
)

func analyzer(name string, flags func(*flag.FlagSet)) *analysis.Analyzer {
	a := &analysis.Analyzer{Name: name, Doc: name, Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	flags(&a.Flags)
	return a
}

func TestFlag(t *testing.T) {
	var one, two bool
	var notBool string
	analyzers := []*analysis.Analyzer{
		analyzer("one", func(fs *flag.FlagSet) { fs.BoolVar(&one, "audit", false, "guess one") }),
		analyzer("two", func(fs *flag.FlagSet) { fs.BoolVar(&two, "audit", false, "guess two") }),
		analyzer("none", func(fs *flag.FlagSet) {}),
		analyzer("text", func(fs *flag.FlagSet) { fs.StringVar(&notBool, "audit", "x", "not a switch") }),
	}
	if audit.FlagOf(analyzers[2]) != nil || audit.FlagOf(analyzers[3]) != nil {
		t.Error("FlagOf finds an audit flag where there is no boolean one")
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	f := &audit.Flag{Analyzers: analyzers}
	fs.Var(f, "audit", audit.Usage)
	fs.Var(analyzers[1].Flags.Lookup("audit").Value, "two.audit", "")
	if err := fs.Parse([]string{"-audit"}); err != nil {
		t.Fatal(err)
	}
	if !one || !two || notBool != "x" || f.String() != "true" {
		t.Errorf("after -audit: one %v, two %v, text %q, -audit %s; want both on, the rest untouched", one, two, notBool, f)
	}
	if err := fs.Parse([]string{"-audit", "-two.audit=false"}); err != nil {
		t.Fatal(err)
	}
	if !one || two || f.String() != "false" {
		t.Errorf("after -audit -two.audit=false: one %v, two %v, -audit %s; want the later flag to win", one, two, f)
	}
	if err := fs.Parse([]string{"-audit=maybe"}); err == nil {
		t.Error("-audit=maybe accepted")
	}
	var zero *audit.Flag
	if zero.String() != "false" {
		t.Errorf("the zero Flag prints %q, want false", zero.String())
	}
}
