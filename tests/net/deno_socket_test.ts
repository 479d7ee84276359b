/**
 * The Deno connection adapter (net/_host.ts) over a fake connection whose
 * reads and writes the test completes by hand: what it offers as a write
 * stage, and when. Runs on every runtime (no Deno API is touched).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DENO_STAGE_MAX, DenoSocket } from "../../net/_host.ts";

type Conn = ConstructorParameters<typeof DenoSocket>[1];
type Host = ConstructorParameters<typeof DenoSocket>[0];

/** A connection whose writes wait until `finishWrite` is called. */
function fakeConnection() {
  const finishers: ((n: number) => void)[] = [];
  const written: Uint8Array[] = [];
  const addr = { transport: "tcp", hostname: "127.0.0.1", port: 1 };
  const conn = {
    localAddr: addr,
    remoteAddr: addr,
    read: () => new Promise<number | null>(() => {}),
    write(p: Uint8Array) {
      written.push(p);
      return new Promise<number>((resolve) => finishers.push(resolve));
    },
    close() {},
    closeWrite: () => Promise.resolve(),
  };
  return {
    conn: conn as unknown as Conn,
    written,
    finishWrite(n: number) {
      finishers.shift()!(n);
    },
  };
}

const sink = {
  receive() {},
  writable() {},
  readEnded() {},
  closed() {},
};

describe("DenoSocket's write stage", () => {
  it("is offered only while no write is in flight, since that write may still be reading it", async () => {
    const { conn, written, finishWrite } = fakeConnection();
    const socket = new DenoSocket({} as Host, conn);
    socket.attach(sink);
    const stage = socket.stage(10);
    assert.ok(stage !== undefined && stage.length >= 10);
    stage.set([1, 2, 3]);
    assert.equal(socket.write(stage.subarray(0, 3)), 3);
    assert.equal(socket.stage(10), undefined, "not while the write is out");
    assert.deepEqual([...written[0]!], [1, 2, 3]);
    finishWrite(3);
    await Promise.resolve();
    await Promise.resolve();
    assert.equal(socket.stage(10), stage, "the same buffer once it is done");
  });

  it("is not offered for more than DENO_STAGE_MAX bytes, nor once closed", () => {
    const { conn } = fakeConnection();
    const socket = new DenoSocket({} as Host, conn);
    socket.attach(sink);
    assert.equal(socket.stage(DENO_STAGE_MAX + 1), undefined);
    assert.ok(socket.stage(DENO_STAGE_MAX)!.length >= DENO_STAGE_MAX);
    socket.close();
    assert.equal(socket.stage(1), undefined);
  });
});
