"""A length prefix over MAX_LENGTH calls lengthLimitExceeded with it, which by default loses the connection; earlier strings were delivered."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import Int16StringReceiver

from trace import emit


def main():
    p = Int16StringReceiver()
    p.MAX_LENGTH = 4
    p.stringReceived = lambda s: emit("string", s.decode())
    t = StringTransport()
    p.makeConnection(t)
    p.dataReceived(b"\x00\x02hi\x00\x05hello")
    emit("disconnecting", t.disconnecting)
    q = Int16StringReceiver()
    q.MAX_LENGTH = 4
    q.lengthLimitExceeded = lambda n: emit("limit", n)
    q.makeConnection(StringTransport())
    q.dataReceived(b"\x01")
    q.dataReceived(b"\x00")
