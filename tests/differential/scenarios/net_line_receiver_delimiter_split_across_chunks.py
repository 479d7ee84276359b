"""A multi-byte delimiter cut between two (or three) chunks still ends the line."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Lines(LineReceiver):
    delimiter = b"<END>"

    def lineReceived(self, line):
        emit("line", line.decode())


def main():
    p = Lines()
    p.makeConnection(StringTransport())
    for chunk in [b"a<E", b"N", b"D>b<", b"END", b">c<EN<END>"]:
        emit("feed", chunk.decode())
        p.dataReceived(chunk)
