/**
 * Deno's accept loop (net/_host.ts `denoListen`) over a fake listener whose
 * accepts the test scripts: which failures it survives, how it reports
 * them, and when it accepts again. Runs on every runtime (no Deno API is
 * touched).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { denoListen, type HostSocket } from "../../net/_host.ts";

type Host = Parameters<typeof denoListen>[0];

/** What the fake listener's next `accept()` does. */
type Step = { fail: string } | "conn";

/** A listener that plays `steps`, then waits until it is closed. */
function fakeHost(steps: Step[]) {
  const addr = { transport: "tcp", hostname: "127.0.0.1", port: 1 };
  const conn = {
    localAddr: addr,
    remoteAddr: addr,
    read: () => new Promise<number | null>(() => {}),
    write: () => Promise.resolve(0),
    close() {},
    closeWrite: () => Promise.resolve(),
  };
  let closed!: (e: Error) => void;
  const whenClosed = new Promise<never>((_, reject) => (closed = reject));
  whenClosed.catch(() => {});
  const listener = {
    addr,
    accept() {
      const step = steps.shift();
      if (step === undefined) return whenClosed;
      if (step === "conn") return Promise.resolve(conn);
      return Promise.reject(
        Object.assign(new Error(`${step.fail} (os error)`), {
          name: step.fail,
        }),
      );
    },
    close() {
      closed(Object.assign(new Error("closed"), { name: "BadResource" }));
    },
  };
  return { deno: { listen: () => listener } as unknown as Host };
}

/**
 * A TLS listener whose accepts give connections named `names`, each stuck
 * in its handshake until it is closed (then the handshake fails, as
 * Deno's does); `closed` lists the names closed, in order.
 */
function fakeTlsHost(names: string[]) {
  const addr = { transport: "tcp", hostname: "127.0.0.1", port: 1 };
  const closed: string[] = [];
  const conns = names.map((name) => {
    let fail!: (e: Error) => void;
    const handshake = new Promise<void>((_, reject) => (fail = reject));
    handshake.catch(() => {});
    return {
      localAddr: addr,
      remoteAddr: addr,
      read: () => new Promise<number | null>(() => {}),
      write: () => Promise.resolve(0),
      closeWrite: () => Promise.resolve(),
      handshake: () => handshake,
      close() {
        closed.push(name);
        fail(Object.assign(new Error("canceled"), { name: "Interrupted" }));
      },
    };
  });
  let listenerClosed!: (e: Error) => void;
  const whenClosed = new Promise<never>((_, r) => (listenerClosed = r));
  whenClosed.catch(() => {});
  const deno = {
    listenTls: () => ({
      addr,
      accept: () => {
        const conn = conns.shift();
        return conn === undefined ? whenClosed : Promise.resolve(conn);
      },
      close: () =>
        listenerClosed(
          Object.assign(new Error("closed"), { name: "BadResource" }),
        ),
    }),
  } as unknown as Host;
  return { deno, closed };
}

const request = {
  transport: "tcp",
  hostname: "127.0.0.1",
  port: 0,
  backlog: 50,
} as const;

/**
 * Runs Deno's accept loop over a listener playing `steps` until its first
 * connection; resolves with the failures it reported (name, `peerGone`)
 * and how long that took, the listener closed.
 */
async function acceptAfter(
  steps: Step[],
): Promise<{ reports: [string, boolean][]; ms: number }> {
  const { deno } = fakeHost(steps);
  const reports: [string, boolean][] = [];
  let accepted!: (s: HostSocket) => void;
  const firstAccept = new Promise<HostSocket>((r) => (accepted = r));
  const started = performance.now();
  const listener = denoListen(
    deno,
    request,
    (socket) => accepted(socket),
    (e, peerGone) => reports.push([(e as Error).name, peerGone]),
  );
  try {
    await firstAccept;
    return { reports, ms: performance.now() - started };
  } finally {
    await listener.close();
  }
}

describe("Deno's accept loop", () => {
  it("accepts again at once after peers that went away before they were accepted, reporting each as lost", async () => {
    const gone = 200;
    const { reports, ms } = await acceptAfter([
      ...Array.from({ length: gone }, () => ({ fail: "NotConnected" })),
      { fail: "ConnectionAborted" },
      { fail: "ConnectionReset" },
      "conn",
    ]);
    // a 10 ms pause after each of the 202 would take two seconds
    assert.ok(ms < 1000, `accepted after ${ms} ms`);
    assert.equal(reports.length, gone + 2);
    assert.ok(reports.every(([, peerGone]) => peerGone));
    assert.deepEqual(reports.slice(-2).map(([name]) => name), [
      "ConnectionAborted",
      "ConnectionReset",
    ]);
  });

  it("reports running out of file descriptors as an error and accepts again after a pause", async () => {
    const { reports, ms } = await acceptAfter([
      { fail: "TooManyOpenFiles" },
      "conn",
    ]);
    assert.deepEqual(reports, [["TooManyOpenFiles", false]]);
    assert.ok(ms >= 5, "accepted with no pause");
  });

  it("waits longer after each failure while they go on, and again 10 ms after an accept, reporting each without the loop's frames", async () => {
    const { deno } = fakeHost([
      { fail: "TooManyOpenFiles" },
      { fail: "TooManyOpenFiles" },
      { fail: "TooManyOpenFiles" },
      "conn",
      { fail: "TooManyOpenFiles" },
      "conn",
    ]);
    const waits: (number | undefined)[] = [];
    const stacks: string[] = [];
    let accepts = 0;
    let secondAccept!: () => void;
    const second = new Promise<void>((r) => (secondAccept = r));
    const listener = denoListen(
      deno,
      request,
      () => {
        if (++accepts === 2) secondAccept();
      },
      (e, peerGone, retryMs) => {
        assert.equal(peerGone, false);
        waits.push(retryMs);
        stacks.push(String((e as Error).stack));
      },
    );
    try {
      await second;
      assert.deepEqual(waits, [10, 20, 40, 10]);
      for (const stack of stacks) {
        assert.equal(stack, "TooManyOpenFiles: TooManyOpenFiles (os error)");
      }
    } finally {
      await listener.close();
    }
  });

  it("drops each TLS connection whose handshake has not ended in time, once, and never hands it over", async () => {
    const { deno, closed } = fakeTlsHost(["slow", "late"]);
    const accepted: HostSocket[] = [];
    const listener = denoListen(
      deno,
      { ...request, tls: { certificate: "c", privateKey: "k" } },
      (s) => accepted.push(s),
      () => {},
      50,
    );
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(closed, []); // both still in their handshake
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(closed, ["slow", "late"]); // time is up for both
    await listener.close();
    assert.equal(accepted.length, 0);
  });

  it("drops a TLS connection still in its handshake when the listener closes", async () => {
    const { deno, closed } = fakeTlsHost(["waiting"]);
    const listener = denoListen(
      deno,
      { ...request, tls: { certificate: "c", privateKey: "k" } },
      () => assert.fail("a connection in its handshake was handed over"),
      () => {},
    );
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(closed, []);
    await listener.close();
    assert.deepEqual(closed, ["waiting"]);
  });
});
