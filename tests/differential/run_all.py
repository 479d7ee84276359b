"""Runs the Python side of the differential scenarios in one process.

Usage: ``python3 run_all.py [name ...]`` (default: every ``scenarios/*.py``).

For each scenario prints ``### <name>`` and then its trace lines. A scenario
module defines ``main()``; an exception escaping it is traced as
``["uncaught", exc]``. After ``main()`` returns, garbage is collected and
the errors logged outside ``capture_log`` are appended (see
``trace.flush_background_log``). Global state a scenario may change (debug
mode) is reset between scenarios.
"""

import gc
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "scenarios")
sys.path.insert(0, HERE)
sys.path.insert(1, SCENARIOS)  # shared scenario helpers: scenarios/_*.py

import trace  # noqa: E402  (this directory's trace.py, not the stdlib's)

import twisted  # noqa: E402
from twisted.internet import defer  # noqa: E402


def names():
    return sorted(f[:-3] for f in os.listdir(SCENARIOS) if f.endswith(".py") and not f.startswith("_"))


def run(name):
    trace.reset()
    spec = importlib.util.spec_from_file_location("scenario_" + name, os.path.join(SCENARIOS, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        module.main()
    except BaseException as e:  # noqa: B902  (a scenario's escaping error is data)
        trace.emit("uncaught", e)
    finally:
        module = None
        spec = None
        defer.setDebugging(False)
    gc.collect()
    trace.flush_background_log()
    return trace.lines()


def main(argv):
    if twisted.__version__ != "22.4.0":
        sys.stderr.write("run_all.py: Twisted 22.4.0 required, found %s\n" % twisted.__version__)
        return 2
    trace.install_log_observer()
    out = sys.stdout
    for name in argv or names():
        lines = run(name)
        out.write("### %s\n" % name)
        for line in lines:
            out.write(line + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
