"""An extra unpause() makes paused -1, which still blocks; pause() back to 0 runs nothing until a callback is added."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    d = Deferred()
    d.unpause()
    emit("paused", d.paused)
    d.addCallback(lambda r: emit("first", r) or r)
    d.callback("v")
    emit("ran while -1?", "no")
    d.pause()
    emit("paused back to", d.paused)
    d.addCallback(lambda r: emit("second", r))
