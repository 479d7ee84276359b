"""Over a real loopback socket, everything the server writes before loseConnection — 100 small writes and a 300,000-byte one — reaches the client before either side sees a clean ConnectionDone."""
from twisted.internet.protocol import Protocol

from _sockets import Loopback, new_reactor
from trace import emit


def main():
    loopback = Loopback(new_reactor())
    seen = {"client": [], "server": []}
    received = []

    class Sender(Protocol):
        def connectionMade(self):
            for i in range(100):
                self.transport.write(b"%d," % i)
            self.transport.write(b"x" * 300000)
            self.transport.loseConnection()

        def connectionLost(self, reason):
            seen["server"].append(reason)
            loopback.done()

    class Receiver(Protocol):
        def dataReceived(self, data):
            received.append(data)

        def connectionLost(self, reason):
            seen["client"].append(reason)
            loopback.done()

    loopback.run(Sender, Receiver)
    data = b"".join(received).decode()
    emit("received", len(data), data[:30], data[-3:])
    emit("complete", data == "".join("%d," % i for i in range(100)) + "x" * 300000)
    emit("lost", seen)
