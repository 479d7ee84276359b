"""A memory worker only queues; perform() runs one item per call, returns False when idle, and stops at quit()."""
from twisted._threads import AlreadyQuit, createMemoryWorker

from trace import emit, kind


def main():
    worker, perform = createMemoryWorker()
    emit("perform on empty", perform())
    worker.do(lambda: emit("item", 1))
    worker.do(lambda: emit("item", 2))
    emit("queued, nothing ran yet")
    emit("perform", perform())
    worker.quit()
    try:
        worker.do(lambda: emit("never"))
    except AlreadyQuit as e:
        emit("do after quit", kind(e))
    emit("perform", perform())
    emit("perform at the stop marker", perform())

    w2, p2 = createMemoryWorker()

    def boom():
        raise ValueError("item failed")

    w2.do(boom)
    try:
        p2()
    except ValueError as e:
        emit("perform raised", e)
