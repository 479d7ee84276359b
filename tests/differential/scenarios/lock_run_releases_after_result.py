"""DeferredLock.run calls the function under the lock and releases it when its Deferred fires, on success and on failure."""
from twisted.internet.defer import Deferred, DeferredLock

from trace import emit


def main():
    lock = DeferredLock()
    gate = Deferred()

    def first():
        emit("first runs", lock.locked)
        return gate

    def second():
        emit("second runs")
        raise ValueError("second failed")

    lock.run(first).addCallback(lambda r: emit("first result", r))
    lock.run(second).addErrback(lambda f: emit("second failure", f))
    emit("second waits", len(lock.waiting))
    gate.callback("gate value")
    emit("released", lock.locked)
