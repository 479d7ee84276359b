"""DeferredQueue(size, backlog): a put beyond size raises QueueOverflow, a get beyond backlog raises QueueUnderflow."""
from twisted.internet.defer import DeferredQueue, QueueOverflow, QueueUnderflow

from trace import emit, kind


def main():
    q = DeferredQueue(size=1, backlog=1)
    q.put("only")
    try:
        q.put("one too many")
    except QueueOverflow as e:
        emit("put", kind(e))
    q.get().addCallback(lambda v: emit("got", v))
    q.get().addCallback(lambda v: emit("waiter got", v))
    try:
        q.get()
    except QueueUnderflow as e:
        emit("get", kind(e))
    q.put("to the waiter")
    zero = DeferredQueue(size=0)
    zero.get().addCallback(lambda v: emit("a waiting get still receives", v))
    zero.put("direct")
    try:
        zero.put("no room")
    except QueueOverflow as e:
        emit("size 0", kind(e))
