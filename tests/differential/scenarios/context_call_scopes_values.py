"""context.call pushes a dict for the duration of a call; get() looks innermost-out, falls back to a default, and is restored after a raise."""
from twisted.python import context

from trace import emit


def main():
    emit("outside", context.get("k"), context.get("k", "dflt"))

    def inner():
        emit("inner sees", context.get("k"), context.get("only-outer"))
        return "inner result"

    def outer():
        emit("outer sees", context.get("k"), context.get("only-outer"))
        r = context.call({"k": "inner"}, inner)
        emit("back in outer", context.get("k"), r)
        return 42

    emit("call returns", context.call({"k": "outer", "only-outer": 1}, outer))

    def boom():
        raise ValueError("inside a context")

    try:
        context.call({"k": "doomed"}, boom)
    except ValueError as e:
        emit("raised", e)
    emit("restored", context.get("k"))
    context.setDefault("dk", "default value")
    emit("default", context.get("dk"), context.call({"dk": "shadow"}, lambda: context.get("dk")))
    del context.defaultContextDict["dk"]
