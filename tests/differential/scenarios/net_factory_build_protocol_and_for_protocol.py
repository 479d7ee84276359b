"""buildProtocol makes a new protocol of the factory's class with factory set; forProtocol passes its arguments to the factory; None refuses."""
from twisted.internet.address import IPv4Address
from twisted.internet.protocol import Factory, Protocol

from trace import emit


class Echo(Protocol):
    pass


class Named(Factory):
    def __init__(self, name, n):
        self.name = name
        self.n = n


class Picky(Factory):
    protocol = Echo

    def buildProtocol(self, addr):
        if addr.host != "127.0.0.1":
            return None
        return Factory.buildProtocol(self, addr)


def main():
    f = Named.forProtocol(Echo, "x", 2)
    addr = IPv4Address("TCP", "127.0.0.1", 5000)
    p = f.buildProtocol(addr)
    q = f.buildProtocol(addr)
    emit("built", type(p).__name__, p.factory is f, p is q, f.name, f.n, bool(p.connected))
    picky = Picky()
    emit("refused", picky.buildProtocol(IPv4Address("TCP", "10.0.0.1", 1)))
    emit("accepted", type(picky.buildProtocol(addr)).__name__)
    emit("addr", repr(addr))
