"""Over a real loopback socket, a server protocol's dataReceived raises: the error is logged and the connection closed; the client sees a clean ConnectionDone."""
from twisted.internet.protocol import Protocol

from _sockets import Loopback, new_reactor
from trace import capture_log, emit


def main():
    loopback = Loopback(new_reactor())
    events = []

    class Server(Protocol):
        def dataReceived(self, data):
            raise Exception("boom in dataReceived")

        def connectionLost(self, reason):
            events.append(["server lost", reason])
            loopback.done()

    class Client(Protocol):
        def connectionMade(self):
            self.transport.write(b"hello")

        def connectionLost(self, reason):
            events.append(["client lost", reason])
            loopback.done()

    with capture_log():
        loopback.run(Server, Client)
    emit("events", events)
