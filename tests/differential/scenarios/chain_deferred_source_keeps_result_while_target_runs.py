"""While a chained target's callbacks run, the source still holds its result (a target callback can read it, or take it by returning the source); a callback added to the source meanwhile runs afterwards with None."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    source = Deferred()
    target = Deferred()

    def read(r):
        emit("target got", r, "source holds", source.result)
        source.addCallback(lambda s: emit("source callback added meanwhile got", s))
        return r

    target.addCallback(read)
    source.callback("hello")
    source.chainDeferred(target)
    emit("results", source.result, target.result)

    source2 = Deferred()
    target2 = Deferred()
    target2.addCallback(lambda r: source2)
    source2.callback("taken")
    source2.chainDeferred(target2)
    emit("results", source2.result, target2.result)

    source3 = Deferred()
    target3 = Deferred()
    target3.addCallback(lambda r: emit("chained first, target got", r, "source holds", source3.result))
    source3.chainDeferred(target3)
    source3.addCallback(lambda r: emit("source's next callback got", r))
    source3.callback("later")
