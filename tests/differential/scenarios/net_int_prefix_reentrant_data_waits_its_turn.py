"""Data given to dataReceived from inside stringReceived: Twisted 22.4 re-parses its buffer from the start, delivering strings again; twisted-ts queues the data after what is being parsed."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import Int8StringReceiver

from trace import emit


class Reenter(Int8StringReceiver):
    fed = False

    def stringReceived(self, string):
        emit("string", string.decode())
        if not self.fed:
            self.fed = True
            self.dataReceived(b"\x01c")


def main():
    p = Reenter()
    p.makeConnection(StringTransport())
    p.dataReceived(b"\x01a\x01b")
    p.dataReceived(b"\x01d")
