"""Run a Twisted seed program on virtual time, as `demo.ts --fast` does ours.

Usage: python3 examples/twisted/run_fast.py examples/twisted/single_callback.py

The global reactor reads its time from a counter instead of the wall clock,
and each wait of the loop (`doIteration(delay)`) moves the counter forward
by `delay` instead of sleeping. A loop with nothing scheduled (`delay` is
None: a pool thread is at work) still waits for real, until the thread's
`callFromThread` wakes it. The program's own code is unchanged.
"""
import runpy
import sys

from twisted.internet import reactor

now = [0.0]
real_iteration = reactor.doIteration


def seconds():
    return now[0]


def do_iteration(delay):
    if delay is None or reactor.threadCallQueue:
        return real_iteration(delay)
    now[0] += delay
    return real_iteration(0)


reactor.seconds = seconds
reactor.doIteration = do_iteration
runpy.run_path(sys.argv[1], run_name="__main__")
