"""After lengthLimitExceeded (overridden not to close), more data reports the limit again; Twisted 22.4 also re-delivers the strings before it."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import Int8StringReceiver

from trace import emit


def main():
    p = Int8StringReceiver()
    p.MAX_LENGTH = 3
    p.stringReceived = lambda s: emit("string", s.decode())
    p.lengthLimitExceeded = lambda n: emit("limit", n)
    p.makeConnection(StringTransport())
    p.dataReceived(b"\x01a\x05hello")
    emit("more")
    p.dataReceived(b"")
