package plugin_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/leash-go/leash/lint/bigbuffer"
	"github.com/leash-go/leash/lint/checks"
	"github.com/leash-go/leash/lint/internal/checktest"
	_ "github.com/leash-go/leash/lint/plugin"
	"gopkg.in/yaml.v3"
)

// settings decodes YAML the way golangci-lint hands settings to a plugin:
// as the generic value of the custom linter's "settings" key.
func settings(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func build(t *testing.T, raw any) ([]string, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin("leash")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(raw)
	if err != nil {
		return nil, err
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", p.GetLoadMode(), register.LoadModeTypesInfo)
	}
	analyzers, err := p.BuildAnalyzers()
	var names []string
	for _, a := range analyzers {
		names = append(names, a.Name)
	}
	return names, err
}

func TestDefaults(t *testing.T) {
	names, err := build(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(checks.All) {
		t.Errorf("built %v, want all %d checks", names, len(checks.All))
	}
}

func TestSelection(t *testing.T) {
	names, err := build(t, settings(t, "disable: [loopcapture, bigbuffer]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(checks.All)-2 || strings.Contains(strings.Join(names, " "), "loopcapture") || strings.Contains(strings.Join(names, " "), "bigbuffer") {
		t.Errorf("disable: built %v", names)
	}
	names, err = build(t, settings(t, "enable: [wgadd, groupctx]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, " ") != "groupctx wgadd" {
		t.Errorf("enable: built %v, want [groupctx wgadd]", names)
	}
}

// TestCheckSettings checks that settings reach the check: with its audit
// rule on and max 10, bigbuffer reports a buffer of 11.
func TestCheckSettings(t *testing.T) {
	defer bigbuffer.Analyzer.Flags.Set("max", fmt.Sprint(bigbuffer.DefaultMax))
	defer bigbuffer.Analyzer.Flags.Set("audit", "false")
	if _, err := build(t, settings(t, "checks:\n  bigbuffer:\n    audit: true\n    max: 10\n")); err != nil {
		t.Fatal(err)
	}
	if got := bigbuffer.Analyzer.Flags.Lookup("max").Value.String(); got != "10" {
		t.Errorf("bigbuffer max = %s, want 10", got)
	}
	checktest.Run(t, bigbuffer.Analyzer, "smallmax")
}

func TestBadSettings(t *testing.T) {
	for _, text := range []string{
		"disable: [nosuchcheck]\n",
		"enable: [wgad]\n",
		"checks:\n  nosuchcheck:\n    max: 1\n",
		"checks:\n  bigbuffer:\n    nosuchsetting: 1\n",
		"checks:\n  bigbuffer:\n    max: lots\n",
		"unknownkey: true\n",
	} {
		if _, err := build(t, settings(t, text)); err == nil || !strings.Contains(err.Error(), "leash settings") {
			t.Errorf("settings %q: error %v, want a leash settings error", text, err)
		}
	}
}
