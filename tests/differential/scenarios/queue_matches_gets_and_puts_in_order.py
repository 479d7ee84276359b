"""DeferredQueue: gets wait in order for puts, puts wait in order for gets."""
from twisted.internet.defer import DeferredQueue

from trace import emit


def main():
    q = DeferredQueue()
    for n in (1, 2):
        q.get().addCallback(lambda v, n=n: emit("get", n, "received", v))
    emit("waiting gets", len(q.waiting))
    for v in ("a", "b", "c", "d"):
        q.put(v)
    emit("pending", q.pending)
    q.get().addCallback(lambda v: emit("get 3 received", v))
    emit("pending", q.pending)
