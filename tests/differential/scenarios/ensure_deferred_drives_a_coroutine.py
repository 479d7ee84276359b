"""ensureDeferred drives a coroutine: awaiting a fired Deferred continues at once, an unfired one suspends until it fires."""
from twisted.internet.defer import Deferred, ensureDeferred, succeed

from trace import emit


def main():
    gate = Deferred()

    async def work():
        emit("coroutine starts")
        a = await succeed(1)
        emit("after fired await", a)
        b = await gate
        emit("after gate", b)
        return a + b

    d = ensureDeferred(work())
    emit("ensureDeferred returned", d.called)
    d.addCallback(lambda r: emit("result", r))
    gate.callback(2)
    emit("after firing the gate", d.called)
