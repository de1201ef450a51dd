package gobench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/leash-go/leash/lint/checks"
	"github.com/leash-go/leash/lint/internal/driver"
)

// finding is one diagnostic of a check.
type finding struct {
	Check   string
	File    string // base name
	Line    int
	Message string
	Related []place // the places its related information names
}

// place is a line of a file, by base name.
type place struct {
	File string
	Line int
}

// analyse runs the leash command, with every check, over the module in
// dir and returns its findings. LEASH_GOBENCH_FLAGS adds flags to the
// command line (-audit, say, for the audit rules too).
func analyse(dir string) ([]finding, error) {
	var stdout, stderr bytes.Buffer
	args := append(strings.Fields(os.Getenv("LEASH_GOBENCH_FLAGS")), "-json", "./...")
	code := driver.Run(args, checks.All, driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: dir})
	if code != driver.ExitClean && code != driver.ExitFindings {
		return nil, fmt.Errorf("leash exited with %d: %s", code, stderr.String())
	}
	return parseFindings(stdout.Bytes())
}

// parseFindings reads the go/analysis JSON shape:
// {package: {check: [{posn, message, related: [{posn}, ...]}, ...]}}.
func parseFindings(data []byte) ([]finding, error) {
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil, fmt.Errorf("reading leash -json output: %v", err)
	}
	var out []finding
	for _, checks := range tree {
		for check, raw := range checks {
			var diags []struct {
				Posn    string `json:"posn"`
				Message string `json:"message"`
				Related []struct {
					Posn string `json:"posn"`
				} `json:"related"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				return nil, fmt.Errorf("check %s failed: %s", check, raw)
			}
			for _, d := range diags {
				file, line := splitPosn(d.Posn)
				f := finding{Check: check, File: filepath.Base(file), Line: line, Message: d.Message}
				for _, r := range d.Related {
					file, line := splitPosn(r.Posn)
					f.Related = append(f.Related, place{filepath.Base(file), line})
				}
				out = append(out, f)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out, nil
}

// splitPosn splits "file.go:12:3" into the file and the line.
func splitPosn(posn string) (string, int) {
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		return posn, 0
	}
	line, _ := strconv.Atoi(parts[len(parts)-2])
	return strings.Join(parts[:len(parts)-2], ":"), line
}
