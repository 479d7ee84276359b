"""A length over MAX_LENGTH, or with more digits than MAX_LENGTH has, is refused as soon as its digits arrive."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import NetstringReceiver

from trace import emit


def main():
    for max_length, feeds in [(50, [b"5", b"1"]), (50, [b"50:"]), (99999, [b"1234567"]), (10, [b"10:0123456789,", b"11"]), (1, [b"1:a,2"])]:
        p = NetstringReceiver()
        p.MAX_LENGTH = max_length
        p.stringReceived = lambda s: emit("string", s.decode())
        p.makeConnection(StringTransport())
        for f in feeds:
            p.dataReceived(f)
            emit("fed", max_length, f.decode(), bool(p.brokenPeer))
