#!/usr/bin/env python3
"""Runs leash over a held-out set, in the order its names were fixed.

Usage: LEASH=/path/to/leash lint/eval/heldout/run.py SETDIR

SETDIR/names.txt lists OWNER/NAME, one a line, in the order fixed before any
code of the set was read; names may be appended while this runs, until
SETDIR/names.closed exists. SETDIR/deadline holds HH:MM (UTC), after which no
repository is started: the first such time after this run began, so that a
deadline past midnight is the next day's. Repositories arrive through
checkout.sh, in any order and while this runs: each worker takes the next name
and waits for it.

For each repository, two steps, from its root, with GOTOOLCHAIN=local:
  1. a warm-up, `go list -e -compiled -export -deps -test ./...`, that builds
     the export data of every dependency, stopped after LIMIT seconds (900 by
     default), so that a repository whose build the machine cannot finish in
     time is recorded as such and does not hold up the rest;
  2. `nice /usr/bin/time -v leash -json ./...` with the default checks.
A repository whose go.mod asks for a newer Go than the machine's runs both
steps again with GOTOOLCHAIN=$NEWGO and LEASH_NEWGO, the same leash built
with that Go (leash loads code with the go command it was built with), when
both are set; otherwise it is recorded as leash's exit status 1.
Two workers run at once (WORKERS), so a warm-up overlaps another's leash run.
No repository starts while the disk holding SETDIR has less than MINFREE GB
free (10 by default): a large repository's module downloads can fill it in
minutes, and a run that meets a full disk is broken, not measured; the wait is
logged, and the deadline still applies once it ends.
Outputs: SETDIR/out/OWNER+NAME.{json,err,time,warm.err}; SETDIR/status/
OWNER+NAME says how it ended; SETDIR/run.log says when.
"""
import datetime, os, shutil, signal, subprocess, sys, tempfile, threading, time

set_dir = os.path.abspath(sys.argv[1])  # the runs start in each repository
leash = shutil.which(os.environ['LEASH']) or sys.exit(f"LEASH={os.environ['LEASH']}: no such program")
leash = os.path.abspath(leash)
limit = int(os.environ.get('LIMIT', '900'))
workers = int(os.environ.get('WORKERS', '2'))
min_free = float(os.environ.get('MINFREE', '10')) * 1e9
env = dict(os.environ, GOTOOLCHAIN='local')
newgo, leash_newgo = os.environ.get('NEWGO'), os.environ.get('LEASH_NEWGO')
lock = threading.Lock()
taken = 0  # how many names of names.txt the workers have taken
for d in ('out', 'status', 'ready'):
    os.makedirs(f'{set_dir}/{d}', exist_ok=True)


def next_name():
    # names.txt is read again at each take, so that names fixed later (a
    # second list, shuffled on its own before any of its code is read) can
    # be appended while this runs.
    global taken
    names = [l.strip() for l in open(f'{set_dir}/names.txt') if l.strip()]
    if taken >= len(names):
        return None
    taken += 1
    return names[taken - 1]


def log(msg):
    with lock, open(f'{set_dir}/run.log', 'a') as f:
        f.write(f'{datetime.datetime.now(datetime.timezone.utc):%H:%M:%S} {msg}\n')


started = datetime.datetime.now(datetime.timezone.utc)


def past_deadline():
    # Read at each start, so that the deadline can be moved while this runs.
    hh, mm = open(f'{set_dir}/deadline').read().split(':')
    deadline = started.replace(hour=int(hh), minute=int(mm), second=0, microsecond=0)
    if deadline < started:
        deadline += datetime.timedelta(days=1)
    return datetime.datetime.now(datetime.timezone.utc) >= deadline


def wait_for_disk(name):
    logged = False
    while shutil.disk_usage(set_dir).free < min_free:
        if not logged:
            log(f'{name}: waiting for {min_free / 1e9:.0f} GB of free disk')
            logged = True
        time.sleep(30)


def run(cmd, cwd, out, err, timeout, toolchain='local'):
    """Runs cmd in a process group of its own, killed whole at the timeout; None then.

    The go command's work directories go to a directory of the run's own
    (GOTMPDIR), removed afterwards: a go command killed at the timeout
    cannot remove its own, and a few of a large repository's fill the disk.
    """
    tmp = tempfile.mkdtemp(prefix='heldout-')
    try:
        with open(out, 'w') as o, open(err, 'w') as e:
            p = subprocess.Popen(cmd, cwd=cwd, stdout=o, stderr=e, env=dict(env, GOTMPDIR=tmp, GOTOOLCHAIN=toolchain), start_new_session=True)
            try:
                return p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def status(key, text):
    with open(f'{set_dir}/status/{key}', 'w') as f:
        f.write(text + '\n')


def worker():
    while True:
        with lock:
            name = next_name()
        if name is None:
            if os.path.exists(f'{set_dir}/names.closed') or past_deadline():
                return
            time.sleep(10)
            continue
        key = name.replace('/', '+')
        ready, stat = f'{set_dir}/ready/{key}', f'{set_dir}/status/{key}'
        while not (os.path.exists(ready) or os.path.exists(stat)):
            time.sleep(5)
        if os.path.exists(stat):
            log(f'{name}: {open(stat).read().strip()}')
            continue
        wait_for_disk(name)
        if past_deadline():
            status(key, 'not started by the deadline')
            log(f'{name}: not started by the deadline')
            continue
        tree, out, start = f'{set_dir}/src/{key}', f'{set_dir}/out/{key}', time.time()
        toolchain, program = 'local', leash
        log(f'{name}: warm-up')
        rc = run(['go', 'list', '-e', '-compiled', '-export', '-deps', '-test', './...'],
                 tree, os.devnull, f'{out}.warm.err', limit)
        if rc is not None and rc != 0 and newgo and leash_newgo and 'go.mod requires go >=' in open(f'{out}.warm.err').read():
            toolchain, program = newgo, os.path.abspath(leash_newgo)
            log(f'{name}: go.mod asks for a newer Go; warm-up again with {newgo}')
            rc = run(['go', 'list', '-e', '-compiled', '-export', '-deps', '-test', './...'],
                     tree, os.devnull, f'{out}.warm.err', limit, toolchain)
        if rc is None:
            status(key, f'warm-up stopped at {limit} s')
            log(f'{name}: warm-up stopped at {limit} s')
            continue
        log(f'{name}: warm-up ended ({rc}) after {time.time() - start:.0f} s; leash')
        rc = run(['nice', '/usr/bin/time', '-v', '-o', f'{out}.time', program, '-json', './...'],
                 tree, f'{out}.json', f'{out}.err', 4 * limit, toolchain)
        if rc is None:
            status(key, f'leash stopped at {4 * limit} s')
        else:
            status(key, f'ran, exit status {rc}' + ('' if toolchain == 'local' else f' (with {toolchain})'))
        log(f'{name}: {open(stat).read().strip()}')


threads = [threading.Thread(target=worker) for _ in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
log('done')
