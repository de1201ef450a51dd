// Package plugin makes leash's checks a golangci-lint v2 module plugin.
//
// Build a golangci-lint that includes it with golangci-lint custom and a
// .custom-gcl.yml such as
//
//	version: v2.5.0
//	name: golangci-lint-leash
//	plugins:
//	  - module: github.com/leash-go/leash/lint
//	    import: github.com/leash-go/leash/lint/plugin
//	    version: latest
//
// then enable it in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable:
//	    - leash
//	  settings:
//	    custom:
//	      leash:
//	        type: module
//	        description: concurrency checks of the leash playbook
//	        settings:
//	          disable: [loopcapture]
//	          audit: false        # true also runs the rules that guess
//	          checks:
//	            bigbuffer:
//	              max: 4096
//
// Suppression comments (//leash:ignore <check> <reason>) work as they do
// for the leash command; golangci-lint's own //nolint:leash works too.
package plugin

import (
	"fmt"
	"slices"

	"github.com/golangci/plugin-module-register/register"
	"github.com/leash-go/leash/lint/checks"
	"github.com/leash-go/leash/lint/internal/audit"
	"github.com/leash-go/leash/lint/internal/ignore"
	"golang.org/x/tools/go/analysis"
)

func init() {
	register.Plugin("leash", New)
}

// Settings are the plugin's settings in .golangci.yml.
type Settings struct {
	// Enable, when not empty, lists the only checks to run.
	Enable []string `json:"enable"`
	// Disable lists checks not to run.
	Disable []string `json:"disable"`
	// Audit also runs the rules that guess, as the command's -audit does:
	// it sets every check's audit setting, which Checks can set back.
	Audit bool `json:"audit"`
	// Checks sets checks' settings, by check and setting name, as the
	// command's -check.setting flags do: {"bigbuffer": {"max": 4096}}.
	Checks map[string]map[string]any `json:"checks"`
}

// New returns the plugin configured by settings, the raw value golangci-lint
// decoded from .golangci.yml.
func New(settings any) (register.LinterPlugin, error) {
	return newPlugin(settings, checks.All)
}

// newPlugin returns the plugin over the given checks.
func newPlugin(settings any, all []*analysis.Analyzer) (*plugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("leash settings: %w", err)
	}
	byName := func(name string) *analysis.Analyzer {
		i := slices.IndexFunc(all, func(a *analysis.Analyzer) bool { return a.Name == name })
		if i < 0 {
			return nil
		}
		return all[i]
	}
	for _, name := range slices.Concat(s.Enable, s.Disable) {
		if byName(name) == nil {
			return nil, fmt.Errorf("leash settings: no check named %q", name)
		}
	}
	if err := audit.Set(all, s.Audit); err != nil {
		return nil, fmt.Errorf("leash settings: audit: %v", err)
	}
	for name, values := range s.Checks {
		a := byName(name)
		if a == nil {
			return nil, fmt.Errorf("leash settings: no check named %q", name)
		}
		for flag, value := range values {
			if a.Flags.Lookup(flag) == nil {
				return nil, fmt.Errorf("leash settings: check %s has no setting %q", name, flag)
			}
			if err := a.Flags.Set(flag, fmt.Sprint(value)); err != nil {
				return nil, fmt.Errorf("leash settings: %s.%s: %v", name, flag, err)
			}
		}
	}
	return &plugin{settings: s, all: all}, nil
}

type plugin struct {
	settings Settings
	all      []*analysis.Analyzer
}

// BuildAnalyzers returns the checks the settings select.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	var out []*analysis.Analyzer
	var names []string
	for _, a := range p.all {
		if len(p.settings.Enable) > 0 && !slices.Contains(p.settings.Enable, a.Name) || slices.Contains(p.settings.Disable, a.Name) {
			continue
		}
		out = append(out, a)
		names = append(names, a.Name)
	}
	ignore.Running(names) // a directive's problems are reported by a check that runs
	return out, nil
}

// GetLoadMode says the checks need type information.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
