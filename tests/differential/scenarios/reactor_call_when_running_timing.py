"""callWhenRunning before run() waits for startup (in registration order); once running it calls at once and returns None."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    first = r.callWhenRunning(emit, "first", 1)
    r.callWhenRunning(lambda: emit("second", r.running))
    emit("before run, registration id is returned", first is not None)

    def now():
        emit("immediate call returned", r.callWhenRunning(emit, "immediate"))
        r.stop()

    r.callWhenRunning(now)
    r.run(installSignalHandlers=False)
