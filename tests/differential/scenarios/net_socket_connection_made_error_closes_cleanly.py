"""Over a real loopback socket, a client protocol's connectionMade raises: the error is logged and the connection closed; the client sees a clean ConnectionDone."""
from twisted.internet.protocol import Protocol

from _sockets import Loopback, new_reactor
from trace import capture_log, emit


def main():
    loopback = Loopback(new_reactor())
    events = []

    class Server(Protocol):
        pass

        def connectionLost(self, reason):
            events.append(["server lost", reason])
            loopback.done()

    class Client(Protocol):
        def connectionMade(self):
            raise Exception("boom in connectionMade")

        def connectionLost(self, reason):
            events.append(["client lost", reason])
            loopback.done()

    with capture_log():
        loopback.run(Server, Client)
    emit("events", events)
