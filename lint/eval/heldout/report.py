#!/usr/bin/env python3
"""Reports on a held-out set that run.py ran.

Usage: lint/eval/heldout/report.py SETDIR findings
       lint/eval/heldout/report.py SETDIR table
       lint/eval/heldout/report.py SETDIR brief N...

findings: every default finding, numbered in the order of the names (and of
  leash's output within a repository), as TSV: number, repository, check,
  position, message. These numbers are the ones the verdicts use; a set with
  more than 50 findings is sampled with sample-findings instead.
table: the per-repository rows of EVALUATION.md, in the order of the names,
  for every repository reached: commit, exit status, wall time, user+system
  time and peak RSS of the leash run, packages that did not load (test
  variants counted), findings.
brief: the triage brief for the findings numbered N..., for a reader who has
  not seen the rules: what each verdict means, each finding with its message
  and related positions, and where the sources are.
"""
import json, os, re, sys

set_dir, what = sys.argv[1], sys.argv[2]
names = [l.strip() for l in open(f'{set_dir}/names.txt') if l.strip()]


def key(name):
    return name.replace('/', '+')


def diagnostics(path):
    """The diagnostics of one leash -json output: a stream of {package: {check: [diagnostic]}}."""
    data, dec, i = open(path).read(), json.JSONDecoder(), 0
    while True:
        while i < len(data) and data[i].isspace():
            i += 1
        if i >= len(data):
            return
        obj, i = dec.raw_decode(data, i)
        for checks in obj.values():
            for check, ds in checks.items():
                if isinstance(ds, list):
                    for d in ds:
                        yield check, d


def unique(path):
    """The diagnostics of path, each once: a package and its test variant report the same."""
    seen = set()
    for check, d in diagnostics(path):
        if (check, d['posn']) not in seen:
            seen.add((check, d['posn']))
            yield check, d


def findings():
    n = 0
    for name in names:
        path = f'{set_dir}/out/{key(name)}.json'
        if not os.path.exists(path):
            continue
        for check, d in unique(path):
            n += 1
            yield n, name, check, d


def table():
    for name in names:
        stat = f'{set_dir}/status/{key(name)}'
        if not os.path.exists(stat):
            continue
        status = open(stat).read().strip()
        commit = ''
        for f in (f'{set_dir}/ready/{key(name)}', stat):
            m = re.search(r'\b[0-9a-f]{40}\b', open(f).read()) if os.path.exists(f) else None
            if m:
                commit = m.group(0)[:12]
                break
        if not status.startswith('ran, exit status'):
            print(f'| {name} | {commit} | {re.sub(r" [0-9a-f]{40}$", "", status)} |  |  |  |  |  |')
            continue
        out = f'{set_dir}/out/{key(name)}'
        t = open(f'{out}.time').read()
        field = lambda label: re.search(re.escape(label) + r': (\S+)', t).group(1)
        cpu = float(field('User time (seconds)')) + float(field('System time (seconds)'))
        rss = int(field('Maximum resident set size (kbytes)')) // 1024
        broken = len(set(re.findall(r'^leash: (\S+(?: \[\S+\])?) does not load', open(f'{out}.err').read(), re.M)))
        found = sum(1 for _ in unique(f'{out}.json'))
        wall = field('Elapsed (wall clock) time (h:mm:ss or m:ss)')
        m = re.match(r'ran, exit status (\S+)(?: \(with (\S+)\))?$', status)
        code = m.group(1) + (f' ({m.group(2)})' if m.group(2) else '')
        print(f'| {name} | {commit} | {code} | {wall} | {cpu:.1f} s | {rss} MB | {broken or ""} | {found or ""} |')


BRIEF = """You are triaging findings of a Go concurrency linter on open-source code, each repository
checked out in the directory its finding names.
For each finding below, read the code it points at and as much around it as you need (callers,
the functions it calls, how the channel, mutex or goroutine is used elsewhere, tests, main) to
decide whether the finding is right. Do not run the linter or read its sources, and change no
file but OUTFILE. Verdicts:
  TRUE               the bug the message claims exists and can happen while the program or
                     library runs normally (a goroutine blocked for good, a lock never released,
                     goroutines whose number grows with input that can be large in normal use...).
  FALSE              the claim is wrong: the code cannot do what the message says.
  DEBATABLE          the claim holds literally, but by design, harmlessly, or only under
                     conditions the code rules out in practice; say which.
  TEST OR EXIT ONLY  it happens only after a test has already failed, or only as a command-line
                     program or the process is about to exit.
Code that nothing in the repository outside its tests reaches on the path that fails (an
exported function or method no caller in the repository uses that way) is DEBATABLE, even
when code outside the repository could call it: say so, and name what would have to call it.
Write OUTFILE as TSV, one line a finding: number<TAB>VERDICT<TAB>evidence. The evidence names
files and lines (path:line) and says in two to five sentences why.
"""


def brief(wanted):
    print(BRIEF)
    for n, name, check, d in findings():
        if str(n) not in wanted:
            continue
        print(f'#{n} repository {name} ({os.path.abspath(set_dir)}/src/{key(name)}), check {check}')
        print(f'  at {d["posn"]}\n  message: {d["message"]}')
        for r in d.get('related') or []:
            print(f'  related: {r["posn"]} {r["message"]}')
        print()


if what == 'findings':
    for n, name, check, d in findings():
        print(f'{n}\t{name}\t{check}\t{d["posn"]}\t{d["message"]}')
elif what == 'table':
    table()
elif what == 'brief':
    brief(set(sys.argv[3:]))
else:
    sys.exit(__doc__)
