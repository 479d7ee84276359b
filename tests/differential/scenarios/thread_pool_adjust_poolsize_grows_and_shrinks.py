"""adjustPoolsize on a started pool grows it to the new minimum and shrinks it to the new maximum."""
from _pool import MemoryPool

from trace import emit


def main():
    pool = MemoryPool(1, 4)
    pool.start()
    pool.settle()
    emit("started", pool.min, pool.max, pool.stats())
    pool.adjustPoolsize(3, 4)
    pool.settle()
    emit("min 3", pool.min, pool.max, pool.stats())
    pool.adjustPoolsize(0, 1)
    pool.settle()
    emit("max 1", pool.min, pool.max, pool.stats())
    pool.adjustPoolsize(maxthreads=2)
    pool.settle()
    emit("max 2", pool.min, pool.max, pool.stats())
    pool.stop()
    pool.settle()
