"""10,000 Deferreds each waiting on the next unwind without recursion: the last callback runs at the same stack depth as with one."""
import inspect

from twisted.internet.defer import Deferred

from trace import emit


def depth_of_final_callback(n):
    ds = [Deferred() for _ in range(n + 1)]
    for i in range(n):
        ds[i].addCallback(lambda r, nxt=ds[i + 1]: nxt)
        ds[i].addCallback(lambda r: r + 1)
    for i in range(n):
        ds[i].callback(0)
    depths = []
    ds[0].addCallback(lambda r: depths.append(len(inspect.stack(0))) or r)
    paused = (ds[0].paused, ds[n - 1].paused)
    ds[n].callback(0)
    return paused, ds[0].result, all(d.paused == 0 for d in ds), depths[0]


def main():
    paused1, result1, _, depth1 = depth_of_final_callback(1)
    emit("one level", paused1, result1)
    paused, result, resumed, depth = depth_of_final_callback(10000)
    emit("ten thousand levels", paused, result, resumed)
    emit("same stack depth as one level", depth == depth1)
