"""100,000 yields of already-fired Deferreds run in a loop, without growing the stack."""
from twisted.internet.defer import inlineCallbacks, succeed

from trace import emit


def main():
    @inlineCallbacks
    def count():
        total = 0
        for i in range(100000):
            total += yield succeed(1)
        return total

    count().addCallback(lambda r: emit("total", r))
