/**
 * The transport logic (net/_stream_transport.ts) through the in-memory
 * pump: what a protocol sees of writes, closes, producers and faults.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { capturingLogSync } from "../_log.ts";
import { IOPump } from "../../net/testing/io_pump.ts";
import { Clock, type Failure } from "../../mod.ts";
import {
  AccumulatingProtocol,
  connectedServerAndClient,
  ConnectionAborted,
  ConnectionDone,
  ConnectionLost,
  decode,
  Factory,
  type IHalfCloseableProtocol,
  type IPushProducer,
  type ITCPTransport,
  LineReceiver,
  loopbackAsync,
  Protocol,
} from "../../net/mod.ts";
import {
  JOIN_LIMIT,
  type StreamSocket,
  StreamTransport,
} from "../../net/_stream_transport.ts";

/** Records what happens to it. */
class Recorder extends Protocol {
  events: string[] = [];
  declare transport: ITCPTransport;
  override connectionMade() {
    this.events.push("made");
  }
  override dataReceived(data: Uint8Array) {
    this.events.push(`data ${decode(data)}`);
  }
  override connectionLost(reason: Failure) {
    this.events.push(`lost ${reason.type?.name}`);
  }
}

/** A push producer that records calls. */
function recordingProducer(log: string[]): IPushProducer {
  return {
    pauseProducing: () => log.push("pause"),
    resumeProducing: () => log.push("resume"),
    stopProducing: () => log.push("stop"),
  };
}

describe("StreamTransport over the in-memory pump", () => {
  it("sends nothing until pumped, then the writes of one turn as one chunk", () => {
    const [client, server, pump] = connectedServerAndClient(Recorder, Recorder);
    client.transport.write("a");
    client.transport.write(new Uint8Array([98]));
    client.transport.writeSequence(["c", "d"]);
    assert.deepEqual(server.events, ["made"]);
    assert.equal(pump.flush(), true, "flush says it moved something");
    assert.deepEqual(server.events, ["made", "data abcd"]);
    assert.equal(pump.flush(), false, "nothing was left to move");
  });

  it("closes cleanly after flushing on loseConnection: ConnectionDone on both sides", () => {
    const [client, server, pump] = connectedServerAndClient(Recorder, Recorder);
    client.transport.write("bye");
    client.transport.loseConnection();
    assert.equal(client.transport.disconnecting, true);
    pump.flush();
    assert.deepEqual(server.events, [
      "made",
      "data bye",
      "lost ConnectionDone",
    ]);
    assert.deepEqual(client.events, ["made", "lost ConnectionDone"]);
  });

  it("drops queued data on abortConnection: ConnectionAborted here, ConnectionLost there", () => {
    const [client, server, pump] = connectedServerAndClient(Recorder, Recorder);
    client.transport.write("never sent");
    client.transport.abortConnection();
    pump.flush();
    assert.deepEqual(client.events, ["made", "lost ConnectionAborted"]);
    assert.deepEqual(server.events, ["made", "lost ConnectionLost"]);
  });

  it("refuses a write of a non-bytes value, and one after loseConnection; drops one after close", () => {
    const [client, , pump] = connectedServerAndClient(Recorder, Recorder);
    assert.throws(
      () => client.transport.write(7 as never),
      new TypeError(
        "transport.write: data must be a Uint8Array or a string, got 7",
      ),
    );
    client.transport.loseConnection();
    assert.throws(
      () => client.transport.write("late"),
      /transport\.write: the transport is closing/,
    );
    pump.flush();
    client.transport.write("after close"); // dropped, as in Twisted
    assert.equal(pump.pump(), false);
  });

  it("connectedServerAndClient and IOPump refuse a window that would move nothing, and options they do not have", () => {
    for (const windowBytes of [0, -1, NaN, 1.5, "x"]) {
      assert.throws(
        () =>
          connectedServerAndClient(Recorder, Recorder, {
            windowBytes: windowBytes as never,
          }),
        /^(Type|Range)Error: connectedServerAndClient: windowBytes must be an integer >= 1 or Infinity/,
        String(windowBytes),
      );
    }
    assert.throws(
      () =>
        connectedServerAndClient(Recorder, Recorder, { window: 4 } as never),
      /^TypeError: connectedServerAndClient: options: unknown option "window"/,
    );
    const [client, server, pump] = connectedServerAndClient(Recorder, Recorder);
    assert.throws(() => pump.flush(0), /^RangeError: IOPump.flush: maxSteps/);
    assert.throws(
      () => new IOPump(null as never, server),
      /^TypeError: IOPump: client /,
    );
    assert.throws(
      () =>
        new IOPump(client, server, {
          windowbytes: 4,
        } as never),
      /^TypeError: IOPump: options: unknown option "windowbytes"/,
    );
  });

  it("pauses a streaming producer while more than highWaterMark bytes are queued and resumes it once drained", () => {
    const [client, , pump] = connectedServerAndClient(Recorder, Recorder, {
      windowBytes: 10,
    });
    const log: string[] = [];
    client.transport.registerProducer(recordingProducer(log), true);
    (client.transport as unknown as { highWaterMark: number }).highWaterMark =
      15;
    client.transport.write("x".repeat(10));
    assert.deepEqual(log, []);
    client.transport.write("y".repeat(10)); // 20 queued > 15
    assert.deepEqual(log, ["pause"]);
    pump.flush();
    assert.deepEqual(log, ["pause", "resume"]);
  });

  it("asks a pull producer for data on registration and each time the queue empties", () => {
    const [client, server, pump] = connectedServerAndClient(Recorder, Recorder);
    let n = 0;
    const producer = {
      resumeProducing() {
        n++;
        if (n <= 3) client.transport.write(`chunk${n} `);
        else client.transport.unregisterProducer();
      },
      stopProducing() {},
    };
    client.transport.registerProducer(producer, false);
    pump.flush();
    assert.equal(n, 4);
    assert.equal(
      server.events.slice(1).map((e) => e.slice(5)).join(""),
      "chunk1 chunk2 chunk3 ",
    );
  });

  it("refuses a second producer, and stops one registered after the connection closed", () => {
    const [client, , pump] = connectedServerAndClient(Recorder, Recorder);
    const log: string[] = [];
    client.transport.registerProducer(recordingProducer(log), true);
    assert.throws(
      () => client.transport.registerProducer(recordingProducer(log), true),
      /cannot register a producer while another one is registered/,
    );
    client.transport.unregisterProducer();
    client.transport.loseConnection();
    pump.flush();
    client.transport.registerProducer(recordingProducer(log), true);
    assert.deepEqual(log, ["stop"]);
  });

  it("waits for a paused producer before closing, and closes once it is unregistered", () => {
    const [client, server, pump] = connectedServerAndClient(
      Recorder,
      Recorder,
      {
        windowBytes: 4,
      },
    );
    const log: string[] = [];
    client.transport.registerProducer(recordingProducer(log), true);
    (client.transport as unknown as { highWaterMark: number }).highWaterMark =
      2;
    client.transport.write("abcdef"); // paused
    client.transport.loseConnection();
    client.transport.write("gh"); // a producer is registered: allowed
    pump.flush();
    assert.deepEqual(log, ["pause", "pause", "resume"]);
    assert.equal(client.connected, true);
    assert.ok(!server.events.includes("lost ConnectionDone"));
    client.transport.unregisterProducer();
    pump.flush();
    assert.deepEqual(server.events.at(-1), "lost ConnectionDone");
    assert.equal(
      server.events.slice(1, -1).map((e) => e.slice(5)).join(""),
      "abcdefgh",
    );
  });

  it("stops the producer before telling the protocol the connection is lost", () => {
    const order: string[] = [];
    class P extends Recorder {
      override connectionLost(reason: Failure) {
        order.push("connectionLost");
        super.connectionLost(reason);
      }
    }
    const [client, server, pump] = connectedServerAndClient(Recorder, P);
    client.transport.registerProducer({
      pauseProducing() {},
      resumeProducing() {},
      stopProducing: () => order.push("stopProducing"),
    }, true);
    server.transport.loseConnection();
    pump.flush();
    assert.deepEqual(order, ["stopProducing", "connectionLost"]);
  });

  it("half-closes: the peer's readConnectionLost, our writeConnectionLost, reading goes on", () => {
    class Half extends Recorder implements IHalfCloseableProtocol {
      readConnectionLost() {
        this.events.push("readConnectionLost");
        this.transport.write("reply");
        this.transport.loseConnection();
      }
      writeConnectionLost() {
        this.events.push("writeConnectionLost");
      }
    }
    const [client, server, pump] = connectedServerAndClient(Half, Half);
    client.transport.write("request");
    client.transport.loseWriteConnection();
    pump.flush();
    assert.deepEqual(server.events, [
      "made",
      "data request",
      "readConnectionLost",
      "lost ConnectionDone",
    ]);
    assert.deepEqual(client.events, [
      "made",
      "writeConnectionLost",
      "data reply",
      "readConnectionLost",
      "lost ConnectionDone",
    ]);
  });

  it("closes a protocol without half-close support when the peer half-closes", () => {
    const [client, server, pump] = connectedServerAndClient(Recorder, Recorder);
    client.transport.loseWriteConnection();
    pump.flush();
    assert.deepEqual(server.events, ["made", "lost ConnectionDone"]);
  });

  it("holds input while the protocol has paused the transport and delivers it on resume", () => {
    const [client, server, pump] = connectedServerAndClient(Recorder, Recorder);
    server.transport.pauseProducing();
    client.transport.write("one");
    pump.flush();
    assert.deepEqual(server.events, ["made"]);
    server.transport.resumeProducing();
    pump.flush();
    assert.deepEqual(server.events, ["made", "data one"]);
  });

  it("pausing a LineReceiver stops the lines already buffered and the transport's reading", () => {
    class Slow extends LineReceiver {
      lines: string[] = [];
      override lineReceived(line: Uint8Array) {
        this.lines.push(decode(line));
        this.pauseProducing();
      }
    }
    const [client, server, pump] = connectedServerAndClient(Slow, Recorder);
    client.transport.write("a\r\nb\r\n");
    pump.flush();
    client.transport.write("c\r\n");
    pump.flush();
    assert.deepEqual(server.lines, ["a"]);
    server.resumeProducing();
    assert.deepEqual(server.lines, ["a", "b"]);
    server.resumeProducing();
    pump.flush();
    assert.deepEqual(server.lines, ["a", "b", "c"]);
  });

  it("logs a throwing dataReceived and closes that connection with its failure, cleanly for the peer", () => {
    class Boom extends Recorder {
      override dataReceived(data: Uint8Array) {
        super.dataReceived(data);
        throw new RangeError("bad input");
      }
    }
    const [client, server, pump] = connectedServerAndClient(Boom, Recorder);
    const [, other, otherPump] = connectedServerAndClient(Recorder, Recorder);
    const { events } = capturingLogSync(() => {
      client.transport.write("x");
      pump.flush();
    });
    assert.equal(events.length, 1);
    assert.match(events[0]!.why!, /Unhandled error in dataReceived/);
    assert.equal(events[0]!.failure!.check(RangeError), RangeError);
    assert.deepEqual(server.events, ["made", "data x", "lost RangeError"]);
    // closed, not reset, as in Twisted
    assert.deepEqual(client.events, ["made", "lost ConnectionDone"]);
    other.transport.write("still fine");
    otherPump.flush();
  });

  it("logs a throwing connectionMade and closes the connection cleanly for the peer", () => {
    class Bad extends Protocol {
      override connectionMade() {
        throw new Error("no greeting");
      }
    }
    const { events, result } = capturingLogSync(() =>
      connectedServerAndClient(Bad, Recorder)
    );
    assert.match(events[0]!.why!, /connectionMade/);
    assert.deepEqual(result[0].events, ["made", "lost ConnectionDone"]);
  });

  it("reports the peer's and its own address, and keeps the socket options", () => {
    const [client, server] = connectedServerAndClient(Recorder, Recorder);
    assert.equal(
      String(client.transport.getPeer()),
      String(server.transport.getHost()),
    );
    client.transport.setTcpNoDelay(true);
    client.transport.setTcpKeepAlive(true);
    assert.deepEqual(
      [client.transport.getTcpNoDelay(), client.transport.getTcpKeepAlive()],
      [true, true],
    );
  });

  it("runs the calls due on its clock at each step", () => {
    const clock = new Clock();
    const [, server, pump] = connectedServerAndClient(Recorder, Recorder, {
      clock,
    });
    clock.callLater(0, () => server.transport.write("timer"));
    pump.flush();
    assert.equal(clock.getDelayedCalls().length, 0);
  });
});

describe("connectedServerAndClient", () => {
  it("builds each side from a class, a function or a factory, server first", () => {
    const order: string[] = [];
    class S extends Protocol {
      override connectionMade() {
        order.push("server");
      }
    }
    const [client, server] = connectedServerAndClient(
      Factory.forProtocol(S),
      () => {
        const p = new AccumulatingProtocol();
        order.push("client built");
        return p;
      },
    );
    assert.ok(server instanceof S);
    assert.ok(client instanceof AccumulatingProtocol && client.made);
    assert.deepEqual(order, ["client built", "server"]);
  });

  it("refuses something that does not make a protocol, naming the side", () => {
    assert.throws(
      () => connectedServerAndClient(Recorder, () => 42 as never),
      new TypeError(
        "connectedServerAndClient: the client's protocol must be a protocol (an object with makeConnection, dataReceived and connectionLost), got 42",
      ),
    );
    assert.throws(
      () => connectedServerAndClient("x" as never, Recorder),
      /server must be a protocol class/,
    );
  });

  it("throws rather than hangs when the protocols talk forever", () => {
    class PingPong extends Protocol {
      override connectionMade() {
        this.transport.write("x");
      }
      override dataReceived(data: Uint8Array) {
        this.transport.write(data);
      }
    }
    assert.throws(
      () => connectedServerAndClient(PingPong, PingPong),
      /still moving after 10000 steps/,
    );
  });
});

describe("loopbackAsync", () => {
  it("fires once both sides have lost the connection", async () => {
    class Closer extends AccumulatingProtocol {
      override dataReceived(data: Uint8Array) {
        super.dataReceived(data);
        this.transport.loseConnection();
      }
    }
    class Sender extends AccumulatingProtocol {
      override connectionMade() {
        super.connectionMade();
        this.transport.write("payload");
      }
    }
    const server = new Closer();
    const client = new Sender();
    await loopbackAsync(server, client);
    assert.equal(server.data, "payload");
    assert.equal(server.closedReason!.check(ConnectionDone), ConnectionDone);
    assert.equal(client.closed, true);
  });

  it("refuses a non-protocol", () => {
    assert.throws(
      () => loopbackAsync({} as never, new Protocol()),
      /loopbackAsync: server must be a protocol/,
    );
  });
});

void ConnectionAborted;
void ConnectionLost;

/** A socket that takes every write whole and records it. */
class RecordingSocket implements StreamSocket {
  log: string[] = [];
  write(data: Uint8Array): number {
    this.log.push(`write ${decode(data)}`);
    return data.length;
  }
  pauseReading() {
    this.log.push("pauseReading");
  }
  resumeReading() {
    this.log.push("resumeReading");
  }
  shutdownWrite() {}
  close() {
    this.log.push("close");
  }
  abort() {
    this.log.push("abort");
  }
  setNoDelay() {}
  setKeepAlive() {}
}

/** A transport on `socket` (a RecordingSocket) whose `callSoon` only queues. */
function onRecordingSocket<S extends RecordingSocket = RecordingSocket>(
  protocol: Protocol,
  socket: S = new RecordingSocket() as S,
) {
  const soon: (() => void)[] = [];
  const transport = new StreamTransport(socket, protocol, {
    host: { toString: () => "host" },
    peer: { toString: () => "peer" },
    callSoon: (fn) => soon.push(fn),
  });
  transport.start();
  return { socket, soon, transport };
}

describe("StreamTransport and a pull producer", () => {
  it("asks a pull producer that wrote nothing no more, though the socket says writable unasked (Bun does)", () => {
    const { socket, soon, transport } = onRecordingSocket(new Protocol());
    let asked = 0;
    transport.registerProducer({
      resumeProducing() {
        asked++;
        if (asked === 1) transport.write("only");
      },
      stopProducing() {},
    }, false);
    while (soon.length > 0) soon.shift()!();
    assert.deepEqual(socket.log, ["write only"]);
    assert.equal(asked, 2, "asked once more after its write, as in Twisted");
    transport.writable(); // a drain event nobody waited for
    assert.equal(asked, 2, "asked again after writing nothing");
  });
});

describe("StreamTransport's flush after a read", () => {
  it("writes what dataReceived wrote, joined, as soon as it returns", () => {
    class Twice extends Protocol {
      override dataReceived(data: Uint8Array) {
        this.transport.write(data);
        this.transport.write("!");
      }
    }
    const { socket, soon, transport } = onRecordingSocket(new Twice());
    transport.receive(new TextEncoder().encode("hi"));
    assert.deepEqual(socket.log, ["write hi!"]);
    assert.equal(soon.length, 0, "no later turn needed");
  });

  it("still drops the writes of a dataReceived that aborts the connection", () => {
    class WriteThenAbort extends Protocol {
      override dataReceived(data: Uint8Array) {
        this.transport.write(data);
        (this.transport as ITCPTransport).abortConnection();
      }
    }
    const { socket, soon, transport } = onRecordingSocket(
      new WriteThenAbort(),
    );
    transport.receive(new TextEncoder().encode("never"));
    for (const fn of soon.splice(0)) fn();
    assert.deepEqual(socket.log, ["abort"]);
  });

  it("flushes writes made outside a read, and for held data given back by resumeProducing, in a later turn", () => {
    class Echoing extends Protocol {
      override dataReceived(data: Uint8Array) {
        this.transport.write(data);
      }
    }
    const { socket, soon, transport } = onRecordingSocket(new Echoing());
    transport.write("out of turn");
    assert.deepEqual(socket.log, []);
    for (const fn of soon.splice(0)) fn();
    assert.deepEqual(socket.log, ["write out of turn"]);
    transport.pauseProducing();
    transport.receive(new TextEncoder().encode("held"));
    transport.resumeProducing();
    assert.deepEqual(socket.log, [
      "write out of turn",
      "pauseReading",
      "resumeReading",
    ]);
    for (const fn of soon.splice(0)) fn();
    assert.deepEqual(socket.log, [
      "write out of turn",
      "pauseReading",
      "resumeReading",
      "write held",
    ]);
  });
});

describe("StreamTransport's half-close", () => {
  class Half extends Recorder implements IHalfCloseableProtocol {
    readConnectionLost() {
      this.events.push("readConnectionLost");
    }
    writeConnectionLost() {
      this.events.push("writeConnectionLost");
    }
  }

  it("closes with ConnectionDone once both halves are closed, ours first, though the socket reports no close", () => {
    const protocol = new Half();
    const { socket, soon, transport } = onRecordingSocket(protocol);
    transport.loseWriteConnection();
    for (const fn of soon.splice(0)) fn();
    assert.deepEqual(protocol.events, ["made", "writeConnectionLost"]);
    transport.readEnded();
    assert.deepEqual(protocol.events, [
      "made",
      "writeConnectionLost",
      "readConnectionLost",
      "lost ConnectionDone",
    ]);
    assert.deepEqual(socket.log, ["close"]);
  });

  it("closes with ConnectionDone once both halves are closed, the peer's first", () => {
    const protocol = new Half();
    const { socket, soon, transport } = onRecordingSocket(protocol);
    transport.readEnded();
    assert.deepEqual(protocol.events, ["made", "readConnectionLost"]);
    transport.loseWriteConnection();
    for (const fn of soon.splice(0)) fn();
    assert.deepEqual(protocol.events, [
      "made",
      "readConnectionLost",
      "writeConnectionLost",
      "lost ConnectionDone",
    ]);
    assert.deepEqual(socket.log, ["close"]);
  });
});

/**
 * A socket with a stage (as Deno's and Bun's have) that takes at most
 * `limit` bytes per write, and records what each write was given: the
 * bytes, and whether they were a view of its stage.
 */
class StagingSocket extends RecordingSocket {
  stageBuffer = new Uint8Array(256);
  stagedWrites = 0;
  limit = Infinity;
  stage(size: number): Uint8Array | undefined {
    return size <= this.stageBuffer.length ? this.stageBuffer : undefined;
  }
  override write(data: Uint8Array): number {
    if (data.buffer === this.stageBuffer.buffer) this.stagedWrites++;
    const n = Math.min(data.length, this.limit);
    super.write(data.subarray(0, n));
    return n;
  }
}

function onStagingSocket(protocol: Protocol) {
  const { socket, soon, transport } = onRecordingSocket(
    protocol,
    new StagingSocket(),
  );
  const turn = () => {
    for (const fn of soon.splice(0)) fn();
  };
  return { socket, turn, transport };
}

describe("StreamTransport's joined writes and the socket's stage", () => {
  it("joins small writes in the socket's stage when it offers one, not in a new array", () => {
    const { socket, turn, transport } = onStagingSocket(new Protocol());
    transport.write("ab");
    transport.write(new Uint8Array([99]));
    transport.writeSequence(["d", "ef"]);
    turn();
    assert.deepEqual(socket.log, ["write abcdef"]);
    assert.equal(socket.stagedWrites, 1);
  });

  it("keeps a copy of what a partial write of the stage left, so reusing the stage cannot change it", () => {
    const { socket, turn, transport } = onStagingSocket(new Protocol());
    socket.limit = 2;
    transport.write("abc");
    transport.write("def");
    turn();
    assert.deepEqual(socket.log, ["write ab"]);
    socket.stageBuffer.fill(0x21); // the socket reuses its stage
    socket.limit = Infinity;
    transport.writable();
    assert.deepEqual(socket.log, ["write ab", "write cdef"]);
    assert.equal(transport.bufferedAmount, 0);
  });

  it("sends a write of JOIN_LIMIT bytes or more alone and uncopied, from write or writeSequence", () => {
    const big = new Uint8Array(JOIN_LIMIT).fill(0x78);
    const given: Uint8Array[] = [];
    const { socket, turn, transport } = onStagingSocket(new Protocol());
    const write = socket.write.bind(socket);
    socket.write = (data: Uint8Array) => {
      given.push(data);
      return write(data);
    };
    transport.writeSequence(["a", big, "b"]);
    turn();
    assert.equal(given.length, 3);
    assert.equal(given[1], big, "the big item itself, not a copy");
    assert.deepEqual(
      given.map((d) => d.length),
      [1, JOIN_LIMIT, 1],
    );
  });

  it("joins a LineReceiver's sendLine of bytes, line and delimiter, into one staged write", () => {
    const p = new LineReceiver();
    const { socket, turn } = onStagingSocket(p);
    p.sendLine(new TextEncoder().encode("hello"));
    turn();
    assert.deepEqual(socket.log, ["write hello\r\n"]);
    assert.equal(socket.stagedWrites, 1);
  });
});
