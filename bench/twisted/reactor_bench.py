"""Twisted's reactor and Clock on the workloads of bench/reactor_bench.ts.

- timers: N callLater calls with random delays in [0, 100) ms, fired by the
  real reactor (reactor.run(), stopped by the last call), N = 100k and 1M;
  each sample runs in a fresh process because a Twisted reactor cannot be
  restarted; the time runs from the first callLater to run() returning;
- schedule + cancel: callLater then cancel, 100k pairs per call;
- runUntilCurrent with N due calls (N = 10k, 100k) on a fake time source,
  scheduling untimed;
- Clock: N callLater calls at random times, then one advance past them all
  (N = 1k, 2k, 5k, 10k), as ours: Twisted's Clock sorts its whole list on
  every callLater and pops from the front on every fired call, so both
  scheduling and advancing are quadratic; both are timed;
- memory per pending call (tracemalloc, 100k pending DelayedCalls).
- pending calls 1M: peak resident memory (VmHWM, 1M calls made in a running
  reactor, as bench/pending_memory.ts measures ours).

Run: /usr/bin/python3 bench/twisted/reactor_bench.py [--quick] > out.json
"""

import gc
import os
import random
import sys
import time
import tracemalloc

sys.dont_write_bytecode = True  # keep bench/twisted/ free of __pycache__
from _harness import Suite, child_samples, parse_args

HERE = os.path.abspath(__file__)


def child_timers(n, seed):
    """In a fresh process: fire n random timers through the reactor."""
    from twisted.internet import reactor
    rnd = random.Random(seed)
    delays = [rnd.random() * 0.1 for _ in range(n)]
    fired = 0

    def tick():
        nonlocal fired
        fired += 1
        if fired == n:
            reactor.stop()

    t0 = time.perf_counter_ns()
    for delay in delays:
        reactor.callLater(delay, tick)
    reactor.run(installSignalHandlers=False)
    elapsed = time.perf_counter_ns() - t0
    if fired != n:
        raise AssertionError(f"fired {fired} of {n}")
    print(elapsed)


def child_memory(n):
    """In a fresh process: bytes traced per pending DelayedCall."""
    from twisted.internet import reactor
    rnd = random.Random(1)
    delays = [rnd.random() * 0.1 + 3600 for _ in range(n)]

    def noop():
        pass

    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for delay in delays:
        reactor.callLater(delay, noop)
    reactor.runUntilCurrent()  # moves the new calls into the heap
    after = tracemalloc.get_traced_memory()[0]
    print((after - before) / n)


def status(field):
    """A field of /proc/self/status (VmRSS, VmHWM), in bytes."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(field)


def child_rss(n):
    """In a fresh process: peak resident memory per pending DelayedCall, n
    calls an hour away made by a callWhenRunning function, read by a
    callLater(0) once a pass has taken them in: VmHWM then, minus VmRSS
    before the first call (the peak reset first, as pending_memory.ts
    does)."""
    from twisted.internet import reactor
    rnd = random.Random(6)
    delays = [rnd.random() + 3600 for _ in range(n)]
    before = []
    result = []

    def noop():
        pass

    def measure():
        result.append((status("VmHWM") - before[0]) / n)
        reactor.stop()

    def schedule():
        gc.collect()
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before.append(status("VmRSS"))
        for delay in delays:
            reactor.callLater(delay, noop)
        reactor.callLater(0, measure)

    reactor.callWhenRunning(schedule)
    reactor.run(installSignalHandlers=False)
    print(result[0])


def schedule_cancel(pairs):
    from twisted.internet import reactor
    rnd = random.Random(2)
    delays = [rnd.random() * 0.1 for _ in range(pairs)]

    def noop():
        pass

    def run():
        for delay in delays:
            reactor.callLater(delay, noop).cancel()
    return run


def run_until_current(n):
    """One runUntilCurrent pass over n due calls (random delays in [0, 1) s
    on a fake time source, already in the heap), as ours: scheduling is
    untimed."""
    from twisted.internet import reactor
    rnd = random.Random(3)
    delays = [rnd.random() for _ in range(n)]
    now = [0.0]
    fired = [0]

    def tick():
        fired[0] += 1

    def setup():
        reactor.seconds = lambda: now[0]  # instance attribute: a fake clock
        now[0] = 0.0
        fired[0] = 0
        for delay in delays:
            reactor.callLater(delay, tick)
        reactor.timeout()  # moves the new calls into the heap
        now[0] = 1.0
        return n

    def run(expected):
        try:
            reactor.runUntilCurrent()
        finally:
            del reactor.seconds  # back to the class's real clock
        if fired[0] != expected:
            raise AssertionError(f"fired {fired[0]} of {expected}")
    return setup, run


def clock_schedule_and_advance(n):
    from twisted.internet.task import Clock
    rnd = random.Random(3)
    delays = [rnd.random() * 0.1 for _ in range(n)]

    def noop():
        pass

    def run():
        clock = Clock()
        for delay in delays:
            clock.callLater(delay, noop)
        clock.advance(0.1)
        if clock.calls:
            raise AssertionError("calls left after advance")
    return run


def main():
    args = parse_args(__doc__)
    if args.child:
        kind, *rest = args.child
        if kind == "timers":
            child_timers(int(rest[0]), int(rest[1]))
        elif kind == "memory":
            child_memory(int(rest[0]))
        elif kind == "rss":
            child_rss(int(rest[0]))
        return 0
    suite = Suite("reactor_bench.py", args)
    timer_sizes = [("100k", 100_000)] if args.quick else \
        [("100k", 100_000), ("1M", 1_000_000)]
    for label, n in timer_sizes:
        group = f"timers {label}"
        name = "twisted reactor callLater"
        if suite.wanted(group, name):
            count = args.min_samples if n < 1_000_000 else \
                max(3, min(args.min_samples, 3))
            try:
                samples = child_samples(HERE, ["timers", n, 7], count)
                suite.samples(group, name, samples)
            except Exception as e:
                suite.samples(group, name, [])
                suite.benches[-1]["error"] = f"{type(e).__name__}: {e}"
    suite.bench("schedule+cancel 100k", "twisted reactor callLater+cancel",
                schedule_cancel(100_000))
    for label, n in [("10k", 10_000)] + ([] if args.quick else
                                          [("100k", 100_000)]):
        setup, run = run_until_current(n)
        suite.bench(f"runUntilCurrent {label}", "twisted reactor", run,
                    setup=setup)
    clock_sizes = [("1k", 1_000), ("2k", 2_000)] + ([] if args.quick else
                                                    [("5k", 5_000),
                                                     ("10k", 10_000)])
    for label, n in clock_sizes:
        few = 3 if n >= 5_000 else None
        suite.bench(f"Clock schedule+advance {label}",
                    "twisted Clock schedule+advance",
                    clock_schedule_and_advance(n), min_samples=few)
    if suite.wanted("memory per pending call", "twisted DelayedCall"):
        suite.metric("memory per pending call", "twisted DelayedCall",
                     child_samples(HERE, ["memory", 100_000], 1), "B")
    rss_group = "pending calls 1M: peak resident memory"
    if suite.wanted(rss_group, "twisted reactor callLater"):
        suite.metric(rss_group, "twisted reactor callLater",
                     child_samples(HERE, ["rss", 1_000_000],
                                   1 if args.quick else 3), "B")
    suite.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
