"""Data given to dataReceived from inside stringReceived comes out after the strings already received, in order; a stringReceived that raises keeps the rest of its chunk for the next call."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import NetstringReceiver

from trace import emit


class Reenter(NetstringReceiver):
    def stringReceived(self, string):
        emit("string", string.decode())
        if string == b"a":
            self.dataReceived(b"1:c,")


class Boom(NetstringReceiver):
    def stringReceived(self, string):
        emit("string", string.decode())
        if string == b"x":
            raise Exception("boom")


def main():
    p = Reenter()
    p.makeConnection(StringTransport())
    p.dataReceived(b"1:a,1:b,")
    emit("done")

    q = Boom()
    q.makeConnection(StringTransport())
    try:
        q.dataReceived(b"1:x,1:y,1:")
    except Exception as e:
        emit("raised", e)
    q.dataReceived(b"z,")
