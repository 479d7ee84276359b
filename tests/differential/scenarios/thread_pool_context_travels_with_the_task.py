"""The caller's innermost context travels with a task: context.get in the task sees what was set around callInThread."""
from twisted.python import context

from _pool import MemoryPool

from trace import emit


def main():
    pool = MemoryPool(0, 1)
    pool.start()

    def value(key):
        return context.get(key)

    report = lambda ok, r: emit("task saw", ok, r)
    context.call({"user": "ada"}, pool.callInThreadWithCallback, report, value, "user")
    pool.callInThreadWithCallback(report, value, "user")
    emit("caller's context after", context.get("user"))
    pool.settle()
    pool.stop()
    pool.settle()
