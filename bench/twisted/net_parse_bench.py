"""Twisted's LineReceiver on the input of bench/net_parse_bench.ts.

N lines of exactly L bytes plus CRLF (L = 14 and 62), the stream cut every
64 KiB, each chunk a bytes object made untimed; per call, a fresh
LineReceiver receives every chunk. Twisted splits one line off its buffer
at a time (copying the rest), so its cost per line grows with the chunk
size, not with N: it runs at 100k lines (the per-line figure is the same
at 1M, ten times slower to measure).

Run: /usr/bin/python3 bench/twisted/net_parse_bench.py [--quick] > out.json
"""

import sys

sys.dont_write_bytecode = True  # keep bench/twisted/ free of __pycache__
from _harness import Suite, parse_args

from twisted.protocols.basic import LineReceiver

CHUNK = 65536


def make_input(lines, length):
    pad = b"x" * length
    out = bytearray()
    for i in range(lines):
        out += (b"%08d" % i + pad)[:length] + b"\r\n"
    data = bytes(out)
    return [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)]


class Counter(LineReceiver):
    def __init__(self):
        self.lines = 0
        self.size = 0

    def lineReceived(self, line):
        self.lines += 1
        self.size += len(line)


def main():
    args = parse_args(__doc__)
    suite = Suite("net_parse_bench.py", args)
    n = 10_000 if args.quick else 100_000
    for length in (14, 62):
        chunks = make_input(n, length)
        group = f"LineReceiver 1M {length + 2}-byte lines, 64 KiB chunks"

        def run(chunks=chunks):
            p = Counter()
            for c in chunks:
                p.dataReceived(c)
            if p.lines != n:
                raise AssertionError(f"{p.lines} lines, not {n}")

        suite.bench(group, "twisted LineReceiver (100k lines)", run)
    suite.emit()


if __name__ == "__main__":
    main()
