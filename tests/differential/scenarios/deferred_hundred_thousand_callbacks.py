"""100,000 callbacks on one Deferred, and 100,000 callbacks each returning a fired Deferred, run in order."""
from twisted.internet.defer import Deferred, succeed

from trace import emit

N = 100000


def main():
    d = Deferred()
    for _ in range(N):
        d.addCallback(lambda r: r + 1)
    d.callback(0)
    emit("plain", d.result)

    d2 = Deferred()
    for _ in range(N):
        d2.addCallback(lambda r: succeed(r + 2))
    d2.callback(0)
    emit("returning fired Deferreds", d2.result)
