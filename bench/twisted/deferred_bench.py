"""Twisted's Deferred on the workloads of bench/deferred_bench.ts.

- a chain of N callbacks on one Deferred, fired once (N = 10k, 100k, 1M):
  built and fired, and fired only (the chain is built untimed);
- 100k Deferreds, each with 10 callbacks, each fired;
- chaining: N callbacks that each return an already-fired Deferred, so the
  outer chain adopts the inner one's result at every step.

Twisted's chain costs O(length) per step (it pops callbacks from the front
of a list), so its per-step cost grows tenfold from 10k to 1M; the 1M chain
is timed once (about a minute) and its other variants only with --full.

Run: /usr/bin/python3 bench/twisted/deferred_bench.py [--quick|--full]
"""

import sys

from twisted.internet import defer

sys.dont_write_bytecode = True  # keep bench/twisted/ free of __pycache__
from _harness import Suite, parse_args

SIZES = (("10k", 10_000), ("100k", 100_000), ("1M", 1_000_000))


def inc(x):
    return x + 1


def chain_build_and_fire(n):
    def run():
        d = defer.Deferred()
        for _ in range(n):
            d.addCallback(inc)
        d.callback(0)
        if d.result != n:
            raise AssertionError(f"chain gave {d.result}, expected {n}")
    return run


def chain_built(n):
    def setup():
        d = defer.Deferred()
        for _ in range(n):
            d.addCallback(inc)
        return d
    return setup


def fire(d):
    d.callback(0)


def many_deferreds(count, callbacks):
    def run():
        total = 0
        for _ in range(count):
            d = defer.Deferred()
            for _ in range(callbacks):
                d.addCallback(inc)
            d.callback(0)
            total += d.result
        if total != count * callbacks:
            raise AssertionError(f"total {total}")
    return run


def returns_deferred(x):
    return defer.succeed(x + 1)


def chaining(n):
    def run():
        d = defer.Deferred()
        for _ in range(n):
            d.addCallback(returns_deferred)
        d.callback(0)
        if d.result != n:
            raise AssertionError(f"chaining gave {d.result}, expected {n}")
    return run


def main():
    args = parse_args(__doc__)
    suite = Suite("deferred_bench.py", args)
    sizes = SIZES[:1] if args.quick else SIZES
    for label, n in sizes:
        # Twisted runs a chain with list.pop(0), so a step costs O(chain
        # length): 1M steps take about a minute. Without --full the 1M
        # chain is timed once, and its other variants are skipped.
        huge = n >= 1_000_000
        once = 1 if huge else None
        group = f"chain {label}"
        suite.bench(group, "twisted Deferred build and fire",
                    chain_build_and_fire(n), min_samples=once)
        if args.full or not huge:
            suite.bench(f"{group} fire only", "twisted Deferred fire only",
                        fire, setup=chain_built(n), min_samples=once)
    suite.bench("100k deferreds x 10 callbacks", "twisted Deferred",
                many_deferreds(100_000, 10))
    for label, n in sizes:
        if args.full or n < 1_000_000:
            suite.bench(f"chaining {label}", "twisted Deferred", chaining(n),
                        min_samples=1 if n >= 1_000_000 else None)
    suite.emit()


if __name__ == "__main__":
    sys.exit(main())
