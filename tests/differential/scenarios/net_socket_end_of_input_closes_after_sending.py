"""Over a real loopback socket, a client half-closes while a server without IHalfCloseableProtocol still has 1 MB to send: Twisted 22.4 closes the connection at once (the client gets only part of it); twisted-ts closes once everything written has been sent."""
from zope.interface import implementer

from twisted.internet.interfaces import IHalfCloseableProtocol
from twisted.internet.protocol import Protocol

from _sockets import Loopback, new_reactor
from trace import emit

SIZE = 1024 * 1024


def main():
    loopback = Loopback(new_reactor())
    events = {"client": [], "server": []}
    received = [0]

    class Server(Protocol):
        def connectionMade(self):
            self.transport.write(b"x" * SIZE)

        def connectionLost(self, reason):
            events["server"].append(["lost", reason])
            loopback.done()

    @implementer(IHalfCloseableProtocol)
    class Client(Protocol):
        def connectionMade(self):
            self.transport.loseWriteConnection()

        def dataReceived(self, data):
            received[0] += len(data)

        def readConnectionLost(self):
            events["client"].append(["readConnectionLost", "got everything", received[0] == SIZE])
            self.transport.loseConnection()

        def writeConnectionLost(self):
            pass

        def connectionLost(self, reason):
            events["client"].append(["lost", reason])
            loopback.done()

    loopback.run(Server, Client)
    emit("server", events["server"])
    emit("client", events["client"])
