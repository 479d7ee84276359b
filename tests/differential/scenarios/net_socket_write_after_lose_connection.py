"""Over a real loopback socket, a server writes, calls loseConnection(), then writes again: Twisted 22.4 sends that write too; twisted-ts refuses it with an Error."""
from twisted.internet.protocol import Protocol

from _sockets import Loopback, new_reactor
from trace import emit, kind


def main():
    loopback = Loopback(new_reactor())
    events = []
    received = []

    class Sender(Protocol):
        def connectionMade(self):
            self.transport.write(b"before,")
            self.transport.loseConnection()
            try:
                self.transport.write(b"after")
                events.append("write after loseConnection accepted")
            except Exception as e:
                events.append(["write after loseConnection raised", kind(e)])

        def connectionLost(self, reason):
            loopback.done()

    class Receiver(Protocol):
        def dataReceived(self, data):
            received.append(data)

        def connectionLost(self, reason):
            events.append(["client lost", reason])
            loopback.done()

    loopback.run(Sender, Receiver)
    emit("events", events)
    emit("received", b"".join(received).decode())
