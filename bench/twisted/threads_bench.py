"""Twisted's deferToThread on the workloads of bench/threads_bench.ts.

- throughput: N trivial tasks (a + b) through deferToThread with the
  reactor's thread pool sized to 2 threads (our pool has 2 workers), all
  submitted at once, timed from the first submission until the last result
  is back on the reactor thread (N = 100k; each sample in a fresh process,
  since a Twisted reactor cannot be restarted);
- round trip: one task at a time, each awaited before the next; every round
  trip is a sample (2,000 of them, after 200 warm-up trips).

Run: /usr/bin/python3 bench/twisted/threads_bench.py [--quick] > out.json
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # keep bench/twisted/ free of __pycache__
from _harness import Suite, child_samples, parse_args

HERE = os.path.abspath(__file__)


def add(a, b):
    return a + b


def noop():
    return None


def child_throughput(n):
    from twisted.internet import reactor, threads
    reactor.suggestThreadPoolSize(2)
    done = [0]
    failed = []
    t0 = [0]

    def got(result):
        if result != 3:
            failed.append(result)
        done[0] += 1
        if done[0] == n:
            reactor.stop()

    def oops(failure):
        failed.append(failure)
        reactor.stop()

    def start():
        t0[0] = time.perf_counter_ns()
        for _ in range(n):
            threads.deferToThread(add, 1, 2).addCallbacks(got, oops)

    reactor.callWhenRunning(start)
    reactor.run(installSignalHandlers=False)
    elapsed = time.perf_counter_ns() - t0[0]
    if failed or done[0] != n:
        raise AssertionError(f"{done[0]} of {n} done, failures: {failed[:1]}")
    print(elapsed)


def child_round_trips(count, warmup):
    import json
    from twisted.internet import defer, reactor, threads
    reactor.suggestThreadPoolSize(2)
    trips = []

    @defer.inlineCallbacks
    def go():
        try:
            for i in range(warmup + count):
                t0 = time.perf_counter_ns()
                yield threads.deferToThread(noop)
                if i >= warmup:
                    trips.append(time.perf_counter_ns() - t0)
        finally:
            reactor.stop()

    reactor.callWhenRunning(go)
    reactor.run(installSignalHandlers=False)
    print(json.dumps(trips))


def main():
    args = parse_args(__doc__)
    if args.child:
        kind, *rest = args.child
        if kind == "throughput":
            child_throughput(int(rest[0]))
        elif kind == "roundtrip":
            child_round_trips(int(rest[0]), int(rest[1]))
        return 0
    suite = Suite("threads_bench.py", args)
    n = 10_000 if args.quick else 100_000
    group, name = f"pool throughput {n // 1000}k", "twisted deferToThread"
    if suite.wanted(group, name):
        try:
            # one sample is the whole batch; report it per task
            totals = child_samples(HERE, ["throughput", n], args.min_samples)
            suite.samples(group, name, [t / n for t in totals],
                          iterations=n * len(totals))
        except Exception as e:
            suite.samples(group, name, [])
            suite.benches[-1]["error"] = f"{type(e).__name__}: {e}"
    group, name = "round trip", "twisted deferToThread"
    if suite.wanted(group, name):
        try:
            [trips] = child_samples(HERE, ["roundtrip", 2_000, 200], 1)
            suite.samples(group, name, trips)
        except Exception as e:
            suite.samples(group, name, [])
            suite.benches[-1]["error"] = f"{type(e).__name__}: {e}"
    suite.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
