"""Over an in-memory connection, a server's greeting arrives with the first flush, and lines are echoed only when the pump moves them."""
from twisted.protocols.basic import LineReceiver

from _pump import connected_server_and_client
from trace import emit


class Echo(LineReceiver):
    def connectionMade(self):
        self.sendLine(b"220 hello")

    def lineReceived(self, line):
        emit("server got", line.decode())
        self.sendLine(line.upper())


class Client(LineReceiver):
    def lineReceived(self, line):
        emit("client got", line.decode())


def main():
    client, server, pump = connected_server_and_client(Echo, Client)
    client.sendLine(b"one")
    client.sendLine(b"two")
    emit("before pump")
    pump.flush()
    emit("peer", type(client.transport.getPeer()).__name__ != "")
