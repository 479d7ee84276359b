"""Twelve calls due at the same instant on the reactor: Twisted runs them in its heap's order, not scheduling order."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    order = []
    for n in range(12):
        r.callLater(5, order.append, n)
    r.now = 5
    r.runUntilCurrent()
    emit("order", order)
