"""StringTransport keeps what was written before loseConnection, marks disconnecting, and clear() empties it; abortConnection also marks disconnected."""
from twisted.internet.address import IPv4Address
from twisted.internet.testing import StringTransport

from trace import emit


def main():
    t = StringTransport()
    t.write(b"hello ")
    t.writeSequence([b"wor", b"ld"])
    t.loseConnection()
    emit("value", t.value().decode(), t.disconnecting, t.disconnected)
    t.clear()
    emit("cleared", t.value().decode())
    u = StringTransport()
    u.abortConnection()
    emit("aborted", u.disconnecting, u.disconnected)
    emit("addresses", repr(t.getHost()), repr(t.getPeer()))
