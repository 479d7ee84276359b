"""Data given to dataReceived from inside stringReceived: Twisted 22.4 parses it (and the rest of the chunk) there and then, before that call returns; twisted-ts queues it and parses it once the callback returns."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import NetstringReceiver

from trace import emit


class Reenter(NetstringReceiver):
    def stringReceived(self, string):
        emit("string", string.decode())
        if string == b"a":
            self.dataReceived(b"1:c,")
            emit("inner dataReceived returned")


def main():
    p = Reenter()
    p.makeConnection(StringTransport())
    p.dataReceived(b"1:a,1:b,")
    emit("outer dataReceived returned")
