"""A misbehaving TCP peer for tests/net/faults_test.ts (plain sockets, no Twisted).

Usage: python3 _peer.py MODE. Prints the port it listens on (127.0.0.1),
then behaves as MODE says until its stdin closes:

- ``backlog``: listens with a queue of 0 and never accepts; it fills the
  queue itself, so the kernel drops further SYNs: a connect to it never
  completes.
- ``reset``: accepts one connection, waits for one byte, then closes it
  with SO_LINGER 0, which sends a reset (RST).
- ``mute``: accepts connections, half-closes each at once (FIN) and never
  reads: a half-open peer.
"""
import socket
import struct
import sys
import threading


def main(mode):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    keep = []
    if mode == "backlog":
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        keep.append(filler)
    print(port, flush=True)
    if mode == "reset":
        def serve():
            conn, _ = server.accept()
            conn.recv(1)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
        threading.Thread(target=serve, daemon=True).start()
    elif mode == "mute":
        def serve():
            while True:
                conn, _ = server.accept()
                conn.shutdown(socket.SHUT_WR)
                keep.append(conn)
        threading.Thread(target=serve, daemon=True).start()
    sys.stdin.read()


if __name__ == "__main__":
    main(sys.argv[1])
