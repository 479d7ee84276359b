"""Over a real loopback socket, abortConnection drops what was written: the aborting side gets ConnectionAborted at once (in a later turn), and the peer's connection ends without the data."""
from twisted.internet.error import ConnectionDone, ConnectionLost
from twisted.internet.protocol import Protocol

from _sockets import Loopback, new_reactor
from trace import emit


def main():
    loopback = Loopback(new_reactor())
    events = {"client": [], "server": []}

    class Server(Protocol):
        def dataReceived(self, data):
            events["server"].append(["data", data.decode()])

        def connectionLost(self, reason):
            # a reset on some runtimes, a close on others: it ended
            events["server"].append(["ended", reason.check(ConnectionDone, ConnectionLost) is not None])
            loopback.done()

    class Client(Protocol):
        def connectionMade(self):
            self.transport.write(b"never sent")
            self.transport.abortConnection()
            events["client"].append(["aborted", self.transport.disconnecting])

        def connectionLost(self, reason):
            events["client"].append(["lost", reason])
            loopback.done()

    loopback.run(Server, Client)
    emit("server", events["server"])
    emit("client", events["client"])
