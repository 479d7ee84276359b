"""timeout() never exceeds Twisted's cap of 2147483 seconds."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    r.callLater(10 ** 9, lambda: None)
    emit("capped", r.timeout())
