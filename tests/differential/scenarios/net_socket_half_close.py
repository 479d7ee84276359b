"""Over a real loopback socket, a client half-closes after its question: the server (an IHalfCloseableProtocol) gets readConnectionLost, answers and closes; the client gets writeConnectionLost, the answer, then readConnectionLost, and both end with ConnectionDone."""
from zope.interface import implementer

from twisted.internet.interfaces import IHalfCloseableProtocol
from twisted.internet.protocol import Protocol

from _sockets import Loopback, new_reactor
from trace import emit


def main():
    loopback = Loopback(new_reactor())
    events = {"client": [], "server": []}

    @implementer(IHalfCloseableProtocol)
    class Server(Protocol):
        def connectionMade(self):
            self.got = b""

        def dataReceived(self, data):
            self.got += data

        def readConnectionLost(self):
            events["server"].append(["readConnectionLost", self.got.decode()])
            self.transport.write(b"answer to " + self.got)
            self.transport.loseConnection()

        def writeConnectionLost(self):
            events["server"].append(["writeConnectionLost"])

        def connectionLost(self, reason):
            events["server"].append(["lost", reason])
            loopback.done()

    @implementer(IHalfCloseableProtocol)
    class Client(Protocol):
        def connectionMade(self):
            self.transport.write(b"question")
            self.transport.loseWriteConnection()

        def dataReceived(self, data):
            events["client"].append(["data", data.decode()])

        def readConnectionLost(self):
            events["client"].append(["readConnectionLost"])
            self.transport.loseConnection()

        def writeConnectionLost(self):
            events["client"].append(["writeConnectionLost"])

        def connectionLost(self, reason):
            events["client"].append(["lost", reason])
            loopback.done()

    loopback.run(Server, Client)
    emit("server", events["server"])
    emit("client", events["client"])
