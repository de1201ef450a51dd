#!/usr/bin/env bash
# Checks out one repository of a held-out set for run.py.
#
# Usage: lint/eval/heldout/checkout.sh SETDIR OWNER/NAME GITDIR
#        lint/eval/heldout/checkout.sh SETDIR OWNER/NAME -reason "why it is not run"
#
# GITDIR is a git directory (a bare clone, or a snapshot of one) whose HEAD
# is the commit to measure, or a work tree whose .git is one. The work tree goes to SETDIR/src/OWNER+NAME and
# the commit to SETDIR/ready/OWNER+NAME, which tells run.py it may start.
# Snapshots of large repositories may lack their largest blobs (data files):
# every blob that is there is checked out, and the paths of the missing ones
# are listed in SETDIR/missing/OWNER+NAME. A repository with no go.mod at its
# root, or one that cannot be checked out, gets SETDIR/status/OWNER+NAME
# instead, with the reason, and run.py records it and goes on.
set -euo pipefail
[ $# -eq 3 ] || [ $# -eq 4 ] || { echo "usage: $0 SETDIR OWNER/NAME GITDIR | -reason REASON" >&2; exit 2; }
set_dir=$1 name=$2 key=${2/\//+}
mkdir -p "$set_dir"/{src,ready,status,missing}
if [ "$3" = -reason ]; then
	echo "$4" >"$set_dir/status/$key"
	exit 0
fi
git_dir=$3
[ -d "$git_dir/.git" ] && git_dir=$git_dir/.git
# A second try, after a failed one, replaces the failure.
rm -f "$set_dir/status/$key"
# Whatever fails from here on is recorded, so that run.py does not wait for it.
trap 'echo "checkout failed" >"$set_dir/status/$key"' ERR
commit=$(git --git-dir="$git_dir" rev-parse HEAD)
tree=$set_dir/src/$key
rm -rf "$tree"
mkdir -p "$tree"
index=$(mktemp)
trap 'rm -f "$index"' EXIT
GIT_INDEX_FILE=$index git --git-dir="$git_dir" read-tree HEAD
missing=$(git --git-dir="$git_dir" ls-tree -r HEAD | awk '$2 == "blob" {print $3}' |
	git --git-dir="$git_dir" cat-file --batch-check | awk '$2 == "missing" {print $1}')
if [ -n "$missing" ]; then
	git --git-dir="$git_dir" ls-tree -r HEAD | grep -F "$missing" | cut -f2 >"$set_dir/missing/$key"
	GIT_INDEX_FILE=$index git --git-dir="$git_dir" update-index --force-remove --stdin <"$set_dir/missing/$key"
fi
GIT_INDEX_FILE=$index git --git-dir="$git_dir" --work-tree="$tree" checkout-index -a -q
if [ ! -f "$tree/go.mod" ]; then
	echo "no root go.mod $commit" >"$set_dir/status/$key"
	echo "$name: no go.mod at the root"
	exit 0
fi
echo "$commit" >"$set_dir/ready/$key"
echo "$name: $commit, $(find "$tree" -name '*.go' | wc -l) Go files"
