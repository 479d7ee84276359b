"""C waits on B waits on A: firing A runs B's remaining callbacks, then C's; a callback added to B later sees None."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    a = Deferred()
    b = Deferred()
    c = Deferred()
    b.addCallback(lambda r: a)
    b.addCallback(lambda r: emit("b rest", r) or "from b")
    c.addCallback(lambda r: b)
    c.addCallback(lambda r: emit("c rest", r) or "from c")
    b.callback(None)
    c.callback(None)
    emit("paused", a.paused, b.paused, c.paused)
    a.callback("from a")
    emit("paused", a.paused, b.paused, c.paused)
    b.addCallback(lambda r: emit("b later", r))
    c.addCallback(lambda r: emit("c later", r))
