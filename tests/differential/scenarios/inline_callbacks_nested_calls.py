"""An inlineCallbacks function yielding another's Deferred waits for it; results and failures pass up."""
from twisted.internet.defer import Deferred, inlineCallbacks

from trace import emit


def main():
    gate1 = Deferred()
    gate2 = Deferred()

    @inlineCallbacks
    def inner(x, gate):
        emit("inner starts", x)
        y = yield gate
        if y < 0:
            raise ValueError("negative")
        return x + y

    @inlineCallbacks
    def outer():
        emit("outer starts")
        r = yield inner(1, gate1)
        emit("outer got", r)
        try:
            yield inner(2, gate2)
        except ValueError as e:
            emit("outer caught", e)
        return r * 2

    d = outer()
    d.addCallback(lambda r: emit("outer result", r))
    emit("waiting", d.called)
    gate1.callback(10)
    emit("gate1 now holds", gate1.result)
    gate2.callback(-1)
