"""CPU time used by an idle running Twisted reactor, as bench/idle_cpu.ts
measures ours: the reactor runs with one far-future call pending (an hour
away) and a stop call in IDLE seconds; the process's CPU time (user +
system) is read when the reactor starts and when it stops.

Reported as the metric "idle reactor CPU" in ms of CPU per second idle,
median of a few fresh processes (a Twisted reactor cannot be restarted).

Run: /usr/bin/python3 bench/twisted/idle_cpu.py [--quick] > out.json
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # keep bench/twisted/ free of __pycache__
from _harness import Suite, child_samples, parse_args

HERE = os.path.abspath(__file__)
IDLE = 1.0


def child_idle(seconds):
    from twisted.internet import reactor
    marks = {}

    def begin():
        marks["cpu"] = time.process_time()
        marks["wall"] = time.perf_counter()

    def end():
        marks["cpu"] = time.process_time() - marks["cpu"]
        marks["wall"] = time.perf_counter() - marks["wall"]
        reactor.stop()

    reactor.callLater(3600, lambda: None)
    reactor.callWhenRunning(begin)
    reactor.callLater(seconds, end)
    reactor.run(installSignalHandlers=False)
    # ms of CPU per second of idling
    print(marks["cpu"] * 1000 / marks["wall"])


def main():
    args = parse_args(__doc__)
    if args.child:
        child_idle(float(args.child[0]))
        return 0
    suite = Suite("idle_cpu.py", args)
    if suite.wanted("idle reactor CPU", "twisted reactor"):
        runs = 1 if args.quick else 3
        suite.metric("idle reactor CPU", "twisted reactor",
                     child_samples(HERE, [IDLE], runs), "ms/s")
    suite.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
