"""Over an in-memory connection, data written before loseConnection arrives first, then each side's protocol is told ConnectionDone("Connection done")."""
from twisted.internet.protocol import Protocol

from _pump import connected_server_and_client
from trace import emit


class Side(Protocol):
    def connectionMade(self):
        self.events = []

    def dataReceived(self, data):
        self.events.append(["data", data.decode()])

    def connectionLost(self, reason):
        self.events.append(["lost", reason])


def main():
    client, server, pump = connected_server_and_client(Side, Side)
    client.transport.write(b"last words")
    client.transport.loseConnection()
    pump.flush()
    emit("server", server.events)
    emit("client", client.events)
