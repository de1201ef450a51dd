#!/usr/bin/env python3
"""Filters candidate names for a held-out set against the sets before it.

Usage: lint/eval/heldout/unused.py CANDIDATES > names

CANDIDATES lists OWNER/NAME, one a line. A name passes only if neither it nor
its owner appears anywhere in lint/EVALUATION.md: the earlier sets name their
repositories in tables and in prose alike, and an owner's other repositories
often share its code. The names held back go to stderr, each with the reason.
(A name an earlier set fixed but never started, none of its code read, may
still be taken, by hand and said so in the set's procedure.)
"""
import os, re, sys

evaluation = open(os.path.join(os.path.dirname(__file__), '..', '..', 'EVALUATION.md')).read().lower()
for line in open(sys.argv[1]):
    name = line.strip()
    if not name:
        continue
    owner = name.split('/')[0].lower()
    if name.lower() in evaluation:
        print(f'{name}: named in EVALUATION.md', file=sys.stderr)
    elif re.search(r'(?<![\w./-])' + re.escape(owner) + r'/[\w.-]+', evaluation):
        print(f'{name}: its owner is named in EVALUATION.md', file=sys.stderr)
    else:
        print(name)
