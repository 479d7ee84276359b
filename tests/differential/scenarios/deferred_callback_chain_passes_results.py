"""Each callback receives the previous one's return value, plus its extra arguments."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    d = Deferred()
    d.addCallback(lambda r: emit("first", r) or r + 1)
    d.addCallback(lambda r, a, b: emit("second", r, a, b) or r * 10, "x", 2.0)
    d.addCallbacks(lambda r: emit("third", r), lambda f: emit("never", f))
    d.addCallback(lambda r: emit("fourth", r) or (r, [1.5, None, True]))
    emit("called before firing", d.called)
    d.callback(1)
    emit("called after firing", d.called)
    d.addCallback(lambda r: emit("added late", r))
