"""The Python half of the differential trace format.

Every scenario prints its observations with ``emit(event, *values)``: one
JSON array per line, ``[event, value, ...]``, rendered so that the same
observation prints the same bytes here and in ``trace.ts``:

- ``None`` -> ``null``; ``True``/``False`` -> ``true``/``false``; tuples and
  lists -> arrays; dicts -> objects with sorted keys; no spaces.
- Numbers use JavaScript's ``Number.prototype.toString`` rules (Python's
  ``2.0`` prints ``2``, ``1e-07`` prints ``1e-7``, ``-0.0`` prints ``0``);
  ``nan``/``inf`` print ``NaN``/``Infinity``.
- A Deferred prints ``<Deferred#n>``, numbered in order of first appearance
  within the scenario (likewise ``<DelayedCall#n>``, ``<LoopingCall#n>``, ...).
- A Failure prints ``<Failure Type: message>`` and an exception
  ``<Type: message>``, where ``Type`` is the Python name (``trace.ts`` maps
  JavaScript's classes to these names in one table). For Twisted's own
  errors (``LIBRARY_ERRORS``) the message is left out: its wording is the
  library's, not the scenario's.

Use ``kind(exc_or_failure)`` to print only the type of an error whose message
the library words (e.g. an argument check's ``TypeError``).

Logged errors: inside ``with capture_log():`` each one is emitted in place as
``["log.err", failure]``; outside, they are collected and appended, sorted, at
the end of the scenario as ``["log.background", failure]`` (see
``flush_background_log``), so nothing logged goes unnoticed.
"""

import gc
import json
import weakref
from decimal import Decimal

# Errors defined by Twisted (and by twisted-ts under the same names): their
# messages are library wording and are not compared.
LIBRARY_ERRORS = frozenset(
    [
        "AlreadyCalledError",
        "CancelledError",
        "TimeoutError",
        "FirstError",
        "QueueOverflow",
        "QueueUnderflow",
        "NotACoroutineError",
        "AlreadyCalled",
        "AlreadyCancelled",
        "ReactorNotRunning",
        "ReactorAlreadyRunning",
        "ReactorNotRestartable",
        "SchedulerStopped",
        "SchedulerError",
        "TaskDone",
        "TaskStopped",
        "TaskFailed",
        "TaskFinished",
        "NotPaused",
        "AlreadyQuit",
    ]
)

_lines = []
_log_state = {"capturing": [], "pending_why": None, "background": []}
_labels = weakref.WeakKeyDictionary()
_counters = {}


def reset():
    """Starts a new scenario: empties the trace and restarts the numbering."""
    del _lines[:]
    _labels.clear()
    _counters.clear()
    del _log_state["background"][:]
    _log_state["pending_why"] = None
    del _log_state["capturing"][:]


def lines():
    """The trace lines emitted since ``reset()``."""
    return list(_lines)


def emit(event, *values):
    """Records one trace line: ``[event, *values]``."""
    _lines.append(render([event] + list(values)))


def label(obj):
    """A stable per-scenario name for ``obj``: ``<Deferred#1>``, ..."""
    kind_name = _object_kind(obj)
    try:
        n = _labels.get(obj)
    except TypeError:
        n = None
    if n is None:
        n = _counters.get(kind_name, 0) + 1
        _counters[kind_name] = n
        try:
            _labels[obj] = n
        except TypeError:
            pass
    return "<%s#%d>" % (kind_name, n)


def _object_kind(obj):
    from twisted.internet.defer import Deferred

    if isinstance(obj, Deferred):
        return "Deferred"
    return type(obj).__name__


def kind(err):
    """Just the type of an error or Failure: ``<Failure TypeError>``."""
    from twisted.python.failure import Failure

    if isinstance(err, Failure):
        return "<Failure %s>" % err.type.__name__
    return "<%s>" % type(err).__name__


def _error_text(exc):
    name = type(exc).__name__
    if name in LIBRARY_ERRORS:
        return name
    return "%s: %s" % (name, exc)


def number(x):
    """``x`` as JavaScript's ``String(x)`` prints it."""
    if isinstance(x, int):
        return str(x)
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(x)).as_tuple()
    digits = list(digits)
    while len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    text = "".join(str(d) for d in digits)
    k = len(digits)
    n = exponent + k  # value = 0.DIGITS * 10**n
    if k <= n <= 21:
        out = text + "0" * (n - k)
    elif 0 < n <= 21:
        out = text[:n] + "." + text[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + text
    else:
        e = n - 1
        mantissa = text[0] + ("." + text[1:] if k > 1 else "")
        out = "%se%s%d" % (mantissa, "+" if e >= 0 else "-", abs(e))
    return ("-" if sign else "") + out


def _value(v):
    from twisted.python.failure import Failure

    if v is None or isinstance(v, (bool, str)):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (int, float)):
        return number(v)
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        keys = sorted(v)
        return (
            "{"
            + ",".join(json.dumps(str(k), ensure_ascii=False) + ":" + _value(v[k]) for k in keys)
            + "}"
        )
    if isinstance(v, Failure):
        return json.dumps("<Failure %s>" % _error_text(v.value), ensure_ascii=False)
    if isinstance(v, BaseException):
        return json.dumps("<%s>" % _error_text(v), ensure_ascii=False)
    return json.dumps(label(v), ensure_ascii=False)


def render(v):
    """The canonical text of ``v``."""
    return _value(v)


def collect():
    """Collects garbage now (so unhandled failures of dropped Deferreds are logged)."""
    gc.collect()


def _observer(event):
    if not event.get("isError"):
        return
    failure = event.get("failure")
    if failure is None:
        # Twisted reports an unhandled error as two events: the text, then
        # the failure. Fold them into one, as trace.ts receives it.
        _log_state["pending_why"] = event.get("log_format") or None
        return
    why = event.get("why") or _log_state["pending_why"]
    _log_state["pending_why"] = None
    if _log_state["capturing"]:
        if _log_state["capturing"][-1]:
            emit("log.err", why, failure)
        else:
            emit("log.err", failure)
    else:
        _log_state["background"].append(render(["log.background", failure]))


def install_log_observer():
    """Called once by the driver: routes every error event through this module."""
    from twisted.logger import globalLogBeginner
    from twisted.python import log

    # Nothing goes to stderr: what is logged shows up in the traces instead.
    globalLogBeginner.beginLoggingTo([lambda event: None], redirectStandardIO=False)
    log.addObserver(_observer)


def flush_background_log():
    """Emits, sorted, the errors logged outside ``capture_log`` since ``reset()``.

    Where a dropped Deferred's unhandled failure is logged depends on when
    the garbage collector runs, so these are compared as a set at the end of
    the scenario rather than in place (``["log.background", failure]``).
    """
    if _log_state["pending_why"] is not None:
        _log_state["background"].append(render(["log.background", None]))
        _log_state["pending_why"] = None
    for line in sorted(_log_state["background"]):
        _lines.append(line)
    del _log_state["background"][:]


class capture_log:
    """``with capture_log():`` emits ``["log.err", failure]`` in place for
    every error logged while the block runs.

    The reason logged with an error (``why``) is library wording -- Twisted
    logs a failed timed call with none, twisted-ts with a description -- so
    it is printed (``["log.err", why, failure]``) only with
    ``capture_log(why=True)``: for reasons a scenario passes to ``log.err``
    itself, and for Twisted's "Unhandled error in Deferred:", which
    twisted-ts keeps verbatim.
    """

    def __init__(self, why=False):
        self.why = why

    def __enter__(self):
        _log_state["capturing"].append(self.why)
        return self

    def __exit__(self, *exc):
        _log_state["capturing"].pop()
        return False
