"""serverFromString("tcp:99999") and ("tcp:-1"): Twisted makes the endpoint and fails only when it listens (the socket cannot bind); twisted-ts refuses the description at once with a ValueError-like RangeError naming the port."""
from twisted.internet.endpoints import serverFromString
from twisted.internet.protocol import Factory, Protocol
from twisted.internet.testing import MemoryReactor

from trace import emit, kind


def main():
    for description in ["tcp:99999", "tcp:-1"]:
        try:
            endpoint = serverFromString(MemoryReactor(), description)
            emit(description, "made", type(endpoint).__name__)
        except Exception as e:
            emit(description, "refused", kind(e))
