"""LoopingCall misuse: a negative interval is a ValueError; stopping one that is not running, or starting one twice, is an AssertionError in Twisted."""
from twisted.internet.task import Clock, LoopingCall

from trace import emit, kind


def main():
    clock = Clock()
    lc = LoopingCall(lambda: None)
    lc.clock = clock
    try:
        lc.start(-1)
    except Exception as e:
        emit("negative interval", kind(e))
    try:
        lc.stop()
    except BaseException as e:
        emit("stop when not running", kind(e))
    lc.start(1)
    try:
        lc.start(1)
    except BaseException as e:
        emit("start twice", kind(e))
    lc.stop()
