"""Shared measuring code for the Twisted comparison programs.

Each program in this folder runs one family of workloads against Twisted
22.4 (Debian's /usr/bin/python3) and prints ONE JSON document on stdout in
the schema of our runner (bench/run.ts): {"schema": "twisted-ts-bench/1",
"runtime": {...}, "benches": [{file, group, name, baseline, stats}],
"metrics": [...], "errors": []}, where stats are per call, in nanoseconds:
samples, iterations, min, max, mean, median, p75, p99. Progress goes to
stderr.

The method mirrors the TypeScript runner's so the two compare like with
like: a call is measured with time.perf_counter_ns(); fast calls are grouped
into samples of about 2 ms; sampling goes on until the time budget is spent
and at least min_samples samples exist. CPython has no JIT, so a call slower
than the budget is not warmed up: its first run counts as a sample.
A `setup` function, when given, runs before each call, untimed (the
equivalent of b.start() in a Deno bench).

Common command line: --budget SECONDS (default 1.0), --min-samples N
(default 5), --filter REGEX (on "group name"), --quick (smallest sizes),
--full (also the variants that take minutes).
"""

import argparse
import gc
import json
import platform
import re
import statistics
import sys
import time

import twisted

SCHEMA = "twisted-ts-bench/1"


def quantile(sorted_values, q):
    """Linear interpolation between the two nearest ranks, as run.ts does."""
    if not sorted_values:
        raise ValueError("quantile: no values")
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def summarize(per_call_ns, iterations):
    s = sorted(per_call_ns)
    return {
        "samples": len(s),
        "iterations": iterations,
        "min": s[0],
        "max": s[-1],
        "mean": statistics.fmean(s),
        "median": quantile(s, 0.5),
        "p75": quantile(s, 0.75),
        "p99": quantile(s, 0.99),
    }


def parse_args(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--budget", type=float, default=1.0,
                   help="seconds of sampling per bench (default 1.0)")
    p.add_argument("--min-samples", type=int, default=5,
                   help="at least this many samples per bench (default 5)")
    p.add_argument("--filter", default=None,
                   help="only benches whose 'group name' matches this regex")
    p.add_argument("--quick", action="store_true",
                   help="only the smallest sizes (for a smoke test)")
    p.add_argument("--full", action="store_true",
                   help="also the slowest variants (minutes)")
    p.add_argument("--child", nargs="*", default=None, help=argparse.SUPPRESS)
    return p.parse_args()


class Suite:
    """Collects the benches and metrics of one program and prints them."""

    def __init__(self, file, args):
        self.file = file
        self.args = args
        self.benches = []
        self.metrics = []
        self.errors = []
        self.filter = re.compile(args.filter) if args.filter else None

    def wanted(self, group, name):
        return self.filter is None or self.filter.search(f"{group} {name}")

    def _record(self, group, name, stats=None, error=None):
        entry = {"file": self.file, "group": group, "name": name,
                 "baseline": False}
        if stats is not None:
            entry["stats"] = stats
            print(f"  {group} / {name}: {format_ns(stats['median'])}"
                  f" ({stats['samples']} samples)", file=sys.stderr)
        else:
            entry["error"] = error
            print(f"  {group} / {name}: error: {error}", file=sys.stderr)
        self.benches.append(entry)

    def bench(self, group, name, fn, setup=None, min_samples=None,
              sample_s=0.002):
        """Times fn() (or fn(setup()) when setup is given) per call."""
        if not self.wanted(group, name):
            return
        min_samples = min_samples or self.args.min_samples
        budget = self.args.budget
        try:
            gc.collect()

            def once():
                arg = setup() if setup is not None else None
                t0 = time.perf_counter_ns()
                if setup is not None:
                    fn(arg)
                else:
                    fn()
                return time.perf_counter_ns() - t0

            start = time.perf_counter_ns()
            first = once()
            samples = []
            iterations = 0
            if first >= budget * 1e9 / 2:
                # slow: no warm-up; the first call is a sample and counts
                # against the budget
                samples.append(first)
                iterations = 1
            else:
                start = time.perf_counter_ns()
            k = max(1, min(1_000_000, int(sample_s * 1e9 / max(first, 1))))
            while len(samples) < min_samples or \
                    time.perf_counter_ns() - start < budget * 1e9:
                if setup is None and k > 1:
                    t0 = time.perf_counter_ns()
                    for _ in range(k):
                        fn()
                    total = time.perf_counter_ns() - t0
                else:
                    total = sum(once() for _ in range(k))
                samples.append(total / k)
                iterations += k
                if len(samples) >= 100_000:
                    break
            self._record(group, name, summarize(samples, iterations))
        except Exception as e:  # a broken bench must not hide the others
            self._record(group, name, error=f"{type(e).__name__}: {e}")

    def samples(self, group, name, per_call_ns, iterations=None):
        """Records samples measured elsewhere (e.g. in child processes)."""
        if per_call_ns:
            self._record(group, name, summarize(
                per_call_ns, iterations or len(per_call_ns)))
        else:
            self._record(group, name, error="no samples")

    def metric(self, group, name, values, unit):
        values = list(values)
        self.metrics.append({
            "file": self.file, "group": group, "name": name, "unit": unit,
            "values": values, "median": statistics.median(values),
        })
        print(f"  [metric] {group} / {name}: "
              f"{statistics.median(values):.4g} {unit}", file=sys.stderr)

    def emit(self):
        json.dump({
            "schema": SCHEMA,
            "runtime": {
                "name": "twisted",
                "version": f"{twisted.__version__} (CPython "
                           f"{platform.python_version()})",
            },
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "benches": self.benches,
            "metrics": self.metrics,
            "errors": self.errors,
        }, sys.stdout, indent=2)
        sys.stdout.write("\n")


def format_ns(ns):
    for scale, unit in ((1e9, "s"), (1e6, "ms"), (1e3, "µs")):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def child_samples(script, child_args, count, timeout=600):
    """Runs `python script --child *child_args` `count` times, each in a
    fresh process (Twisted's reactor cannot be restarted), and returns the
    numbers each child printed as JSON on its last stdout line."""
    import subprocess
    values = []
    for _ in range(count):
        out = subprocess.run(
            [sys.executable, script, "--child", *map(str, child_args)],
            check=True, capture_output=True, text=True, timeout=timeout)
        values.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return values
