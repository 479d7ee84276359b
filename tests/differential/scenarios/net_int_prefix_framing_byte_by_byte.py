"""Int8/16/32StringReceiver frame with a big-endian length prefix and deliver the same strings whether fed whole or one byte at a time."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import Int8StringReceiver, Int16StringReceiver, Int32StringReceiver

from trace import emit


def main():
    for cls in (Int8StringReceiver, Int16StringReceiver, Int32StringReceiver):
        sender = cls()
        t = StringTransport()
        sender.makeConnection(t)
        for s in [b"abc", b"", b"\x00\xff" * 3]:
            sender.sendString(s)
        wire = t.value()
        emit(cls.__name__, "wire", list(wire))
        for size in (1, len(wire)):
            got = []
            r = cls()
            r.stringReceived = lambda s: got.append(list(s))
            r.makeConnection(StringTransport())
            for i in range(0, len(wire), size):
                r.dataReceived(wire[i : i + size])
            emit(cls.__name__, size, got)
