"""Twisted's epoll reactor serving the echo of bench/net_bench.ts.

Each run is a fresh process (a Twisted reactor cannot be restarted): it
listens on 127.0.0.1 port 0 with an EPollReactor, serving either a Protocol
that writes back in dataReceived or a LineReceiver echoing each line with
sendLine — the same two servers as ours — and starts the same load
generator (bench/_net_load.ts under Bun: 64 clients, 64-byte
CRLF-terminated messages, 1 s of warm-up then 3 s measured). It prints ns
per round trip (wall time over round trips, all clients together) and the
server's CPU time per round trip (warm-up included).

Reported as metrics in the groups "echo: 64 clients × 64 B ping-pong" and
"echo: server CPU per round trip", median of a few runs.

Run: /usr/bin/python3 bench/twisted/net_bench.py [--quick] > out.json
"""

import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # keep bench/twisted/ free of __pycache__
from _harness import Suite, child_samples, parse_args

HERE = os.path.abspath(__file__)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
BUN = os.environ.get("BUN_BIN", os.path.join(ROOT, "node_modules", ".bin", "bun"))
GROUP = "echo: 64 clients × 64 B ping-pong"
CPU_GROUP = "echo: server CPU per round trip"
CLIENTS, SIZE, SECONDS, WARMUP = 64, 64, 3, 1


def child_echo(kind):
    from twisted.internet import epollreactor
    epollreactor.install()
    from twisted.internet import reactor, threads
    from twisted.internet.protocol import Factory, Protocol
    from twisted.protocols.basic import LineReceiver

    class Echo(Protocol):
        def dataReceived(self, data):
            self.transport.write(data)

    class LineEcho(LineReceiver):
        def lineReceived(self, line):
            self.sendLine(line)

    factory = Factory.forProtocol(Echo if kind == "protocol" else LineEcho)
    port = reactor.listenTCP(0, factory, interface="127.0.0.1")
    result = {}

    def run_load():
        result["cpu0"] = time.process_time()
        out = subprocess.run(
            [BUN, "bench/_net_load.ts", "echo", str(port.getHost().port),
             str(CLIENTS), str(SIZE), str(SECONDS), str(WARMUP)],
            cwd=ROOT, check=True, capture_output=True, text=True, timeout=120)
        return json.loads(out.stdout.strip().splitlines()[-1])

    def done(measured):
        result["cpu"] = time.process_time() - result["cpu0"]
        result.update(measured)
        reactor.stop()

    def failed(f):
        result["error"] = f.getErrorMessage()
        reactor.stop()

    reactor.callWhenRunning(
        lambda: threads.deferToThread(run_load).addCallbacks(done, failed))
    reactor.run(installSignalHandlers=False)
    if "error" in result:
        raise SystemExit(result["error"])
    print(json.dumps([result["seconds"] * 1e9 / result["roundTrips"],
                      result["cpu"] * 1e9 / result["allRoundTrips"]]))


def main():
    args = parse_args(__doc__)
    if args.child:
        child_echo(args.child[0])
        return 0
    suite = Suite("net_bench.py", args)
    runs = 1 if args.quick else 3
    for kind, name in (("protocol", "twisted Protocol (epoll)"),
                       ("line", "twisted LineReceiver (epoll)")):
        if suite.wanted(GROUP, name):
            try:
                runs_ = child_samples(HERE, [kind], runs)
                suite.metric(GROUP, name, [r[0] for r in runs_], "ns")
                suite.metric(CPU_GROUP, name, [r[1] for r in runs_], "ns")
            except Exception as e:  # a broken bench must not hide the others
                suite.errors.append({"file": "net_bench.py", "error": f"{name}: {e}"})
    suite.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
