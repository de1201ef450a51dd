#!/usr/bin/env bash
# Builds a golangci-lint that includes leash's module plugin and checks that
# it reports, on examples/antipatterns, exactly what the leash command
# reports there (less loopcapture, which the configuration below disables,
# to show that settings reach the plugin).
#
# `golangci-lint custom` does the build from .custom-gcl.yml by cloning
# golangci-lint from GitHub; this script does the same from the Go module
# proxy alone: a main package that runs golangci-lint's commands, with the
# plugin imported for its registration.
#
# Usage, from anywhere: lint/eval/golangci/check.sh [golangci-lint version]
# (default v2.15.0). It downloads golangci-lint's dependencies on first use
# and takes a minute or two to build.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
version=${1:-v2.15.0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir "$work/build"
cat >"$work/build/go.mod" <<EOF
module golangci-lint-leash

go 1.26.0

require github.com/leash-go/leash/lint v0.0.0

replace github.com/leash-go/leash/lint => $repo/lint

replace github.com/leash-go/leash => $repo
EOF
cat >"$work/build/main.go" <<'EOF'
// Command golangci-lint-leash is golangci-lint with leash's checks.
package main

import (
	"fmt"
	"os"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/leash-go/leash/lint/plugin" // registers the leash linter
)

func main() {
	if err := commands.Execute(commands.BuildInfo{Version: "custom"}); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
EOF
cat >"$work/golangci.yml" <<'EOF'
version: "2"
run:
  relative-path-mode: wd
linters:
  default: none
  enable:
    - leash
  settings:
    custom:
      leash:
        type: module
        description: concurrency checks of the leash playbook
        settings:
          disable: [loopcapture]
          checks:
            bigbuffer:
              max: 4096
EOF

echo "building golangci-lint $version with the leash plugin" >&2
(cd "$work/build" && export GOWORK=off GOFLAGS=-mod=mod &&
	go get "github.com/golangci/golangci-lint/v2@$version" >/dev/null 2>&1 &&
	go mod tidy >/dev/null 2>&1 &&
	go build -o "$work/golangci-lint-leash" .)

cd "$repo"
# file:line:col check, from each tool's own output format.
go run ./lint/cmd/leash ./examples/antipatterns/... 2>/dev/null |
	sed -nE 's/^([^ ]+:[0-9]+:[0-9]+): .* \(([a-z]+)\)$/\1 \2/p' | grep -v ' loopcapture$' | sort >"$work/want" || true
# A cache of its own: golangci-lint keys cached issues by the code checked
# and its configuration, not by the plugin's code, so a cache from another
# build of the plugin would replay that build's findings.
GOLANGCI_LINT_CACHE="$work/cache" "$work/golangci-lint-leash" run --config "$work/golangci.yml" --output.text.print-issued-lines=false \
	./examples/antipatterns/... 2>/dev/null |
	sed -nE 's/^([^ ]+:[0-9]+:[0-9]+): ([a-z]+): .*\(leash\)$/\1 \2/p' | sort >"$work/got" || true

if [ ! -s "$work/want" ] || ! diff -u "$work/want" "$work/got"; then
	echo "FAIL: golangci-lint's leash findings (+) differ from the leash command's (-)" >&2
	exit 1
fi
echo "ok: golangci-lint $version with the leash plugin reports the same $(wc -l <"$work/got") findings as leash"
