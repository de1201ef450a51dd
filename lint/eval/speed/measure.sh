#!/usr/bin/env bash
# Measures the wall time, CPU time and peak memory of leash, go vet and
# staticcheck over one repository, side by side, in one run.
#
# Usage: lint/eval/speed/measure.sh [-cold] [-facts] REPO_DIR [ROUNDS] [PATTERNS...]
#
# Each tool starts without results of its own to reuse, so that the figures
# are those of a first run in CI, while the Go build cache is warm for all
# three (export data of the dependencies is built once, up front):
#   - leash keeps no cache;
#   - staticcheck gets an empty STATICCHECK_CACHE each round;
#   - go vet caches its results by flags, so each round passes it a
#     -printf.funcs value never used before, which changes nothing else.
# With -cold, the Go build cache is empty too, for leash and staticcheck
# (GOCACHE pointing to a new directory each run), as on a CI machine
# without a cache: the go command builds every dependency first. go vet is
# left out then.
# With -facts, each round also runs leash with each scope of its -facts
# flag: main (its default, as in the plain leash run), std and all, the
# dependencies analysed for the facts its checks use.
# The tools run one after the other, in turn, ROUNDS times (default 3).
# Peak memory is GNU time's maximum resident set size: the largest single
# process of the tool's tree (leash or staticcheck themselves, the largest
# vet process go vet starts, or with -cold possibly a compiler the go
# command starts). Each line ends with the load averages before the run.
set -euo pipefail
cold=false
facts=false
while [ $# -gt 0 ]; do
	case $1 in
	-cold) cold=true ;;
	-facts) facts=true ;;
	*) break ;;
	esac
	shift
done
repo=$(cd "$1" && pwd)
rounds=${2:-3}
shift $(( $# >= 2 ? 2 : 1 ))
patterns=("$@")
[ ${#patterns[@]} -eq 0 ] && patterns=(./...)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building leash and staticcheck into $work" >&2
(cd "$here/../.." && go build -o "$work/leash" ./cmd/leash)
(cd "$work" && go mod init measure >/dev/null 2>&1 &&
	GOFLAGS=-mod=mod go get honnef.co/go/tools/cmd/staticcheck@v0.8.2 >/dev/null 2>&1 &&
	go build -o "$work/staticcheck" honnef.co/go/tools/cmd/staticcheck)

cd "$repo"
if ! $cold; then
	echo "warming the build cache: go build ./... and go vet" >&2
	go build "${patterns[@]}" >/dev/null 2>&1 || true
	go vet "${patterns[@]}" >/dev/null 2>&1 || true
	"$work/leash" "${patterns[@]}" >/dev/null 2>&1 || true
fi

measure() { # name command...
	local name=$1 load
	shift
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	/usr/bin/time -f "$name wall=%es user=%Us sys=%Ss maxrss=%MKB" -o "$work/time" "$@" >/dev/null 2>&1 || true
	echo "$(grep -v '^Command exited' "$work/time") load=$load" # leash and staticcheck exit non-zero on findings
}

# coldly runs a command with an empty build cache, removed afterwards.
coldly() {
	local cache
	cache=$(mktemp -d -p "$work")
	GOCACHE=$cache "$@"
	chmod -R u+w "$cache" && rm -rf "$cache"
}

echo "repo: $repo at $(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown); $(go version); $(nproc) CPUs; cold=$cold"
for round in $(seq "$rounds"); do
	echo "round $round"
	if $cold; then
		coldly measure leash "$work/leash" "${patterns[@]}"
		STATICCHECK_CACHE=$(mktemp -d -p "$work") coldly measure staticcheck "$work/staticcheck" "${patterns[@]}"
		continue
	fi
	measure leash "$work/leash" "${patterns[@]}"
	if $facts; then
		for scope in std all; do
			measure "leash -facts=$scope" "$work/leash" -facts=$scope "${patterns[@]}"
		done
	fi
	measure "go vet" go vet -printf.funcs="measure$RANDOM$round" "${patterns[@]}"
	STATICCHECK_CACHE=$(mktemp -d -p "$work") measure staticcheck "$work/staticcheck" "${patterns[@]}"
done
