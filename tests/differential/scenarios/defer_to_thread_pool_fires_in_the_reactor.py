"""deferToThreadPool runs the task on the pool and fires its Deferred from the reactor thread: only on the reactor's next pass."""
from twisted.internet.threads import deferToThreadPool

from _pool import MemoryPool
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    pool = MemoryPool(0, 1)
    pool.start()

    def raise_(message):
        raise ValueError(message)

    ok = deferToThreadPool(r, pool, lambda a, b: a + b, 20, 22)
    ok.addCallback(lambda v: emit("result", v))
    bad = deferToThreadPool(r, pool, raise_, "in the thread")
    bad.addErrback(lambda f: emit("failure", f))
    pool.settle()
    emit("task ran; Deferreds fired?", ok.called, bad.called)
    r.runUntilCurrent()
    emit("after the reactor's pass", ok.called, bad.called)
    pool.stop()
    pool.settle()
