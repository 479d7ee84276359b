"""sendString frames with the decimal length, a colon and a comma."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import NetstringReceiver

from trace import emit


def main():
    p = NetstringReceiver()
    t = StringTransport()
    p.makeConnection(t)
    for s in [b"", b"abc", b"x" * 12, b"\xff\x00"]:
        p.sendString(s)
    emit("sent", t.value().decode("latin-1"))
