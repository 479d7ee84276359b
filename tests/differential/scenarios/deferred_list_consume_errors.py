"""consumeErrors turns each member's failure into None in its own chain (and so nothing is logged); without it the failure stays."""
from twisted.internet.defer import Deferred, DeferredList

from trace import capture_log, collect, emit


def run(consume):
    d = Deferred()
    dl = DeferredList([d], consumeErrors=consume)
    dl.addCallback(lambda r: emit("list", consume, r))
    d.errback(ValueError("member failed"))
    d.addBoth(lambda r: emit("member chain sees", consume, r))


def main():
    with capture_log(why=True):
        run(True)
        run(False)
        collect()
    emit("done")
