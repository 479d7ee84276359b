"""sendString refuses a string whose length does not fit the prefix, and accepts the longest one that does."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import Int8StringReceiver

from trace import emit, kind


def main():
    p = Int8StringReceiver()
    t = StringTransport()
    p.makeConnection(t)
    try:
        p.sendString(b"x" * 256)
    except Exception as e:
        emit("refused", kind(e))
    p.sendString(b"x" * 255)
    emit("sent", len(t.value()))
