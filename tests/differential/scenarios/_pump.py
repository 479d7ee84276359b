"""An in-memory connection for the Python side of the pump scenarios (no
Twisted test modules): two StringTransports whose bytes move only when
``flush()`` is called, closing as Twisted's TCP transports do (the closing
side's protocol is told once its bytes are out, then the peer's, both with
``ConnectionDone("Connection done")``)."""

from twisted.internet.error import ConnectionDone
from twisted.internet.testing import StringTransport
from twisted.python.failure import Failure


class _Side:
    def __init__(self, protocol):
        self.protocol = protocol
        self.transport = StringTransport()
        self.closed = False


class Pump:
    def __init__(self, server, client):
        self.server = _Side(server)
        self.client = _Side(client)

    def _move(self, source, target):
        data = source.transport.value()
        if data and not target.closed:
            source.transport.clear()
            target.protocol.dataReceived(data)
            return True
        return False

    def _close(self, side, peer):
        if side.transport.disconnecting and not side.closed and not side.transport.value():
            side.closed = True
            side.protocol.connectionLost(Failure(ConnectionDone("Connection done")))
            if not peer.closed:
                peer.closed = True
                peer.protocol.connectionLost(Failure(ConnectionDone("Connection done")))
            return True
        return False

    def pump(self):
        moved = self._move(self.client, self.server)
        moved = self._move(self.server, self.client) or moved
        if moved:
            return True
        return self._close(self.client, self.server) or self._close(self.server, self.client)

    def flush(self):
        for _ in range(10000):
            if not self.pump():
                return
        raise RuntimeError("still moving")


def connected_server_and_client(server_class, client_class):
    server, client = server_class(), client_class()
    pump = Pump(server, client)
    server.makeConnection(pump.server.transport)
    client.makeConnection(pump.client.transport)
    pump.flush()
    return client, server, pump
