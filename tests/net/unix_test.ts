/**
 * listenUNIX / connectUNIX over real UNIX sockets in a fresh temporary
 * directory: data, Twisted's UNIXAddress fields on each side, the socket
 * file's life (mode, removed on stopListening, an existing path refused).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  lstatSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BadFileError,
  CannotListenError,
  ConnectError,
  ConnectionDone,
  UNIXAddress,
} from "../../net/mod.ts";
import {
  Echo,
  KeepingFactory,
  Recorder,
  RecordingClientFactory,
  runningReactor,
  SOCKET_TEST,
  until,
  within,
} from "./_sockets.ts";

function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "twisted-ts-unix-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("UNIX sockets", () => {
  it(
    "echoes over a socket file with UNIXAddress on each side, and removes the file when done",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      const tmp = tempDir();
      try {
        const path = join(tmp.dir, "echo.sock");
        const servers = new KeepingFactory(() => new Echo());
        const port = reactor.listenUNIX(path, servers, 50, 0o600);
        assert.ok(port.getHost() instanceof UNIXAddress);
        assert.equal((port.getHost() as UNIXAddress).name, path);
        assert.equal(
          statSync(path).mode & 0o777,
          0o600,
          "the mode was applied",
        );
        const clients = new RecordingClientFactory(() => new Recorder());
        const connector = reactor.connectUNIX(path, clients);
        assert.equal(
          String(connector.getDestination()),
          `UNIXAddress('${path}')`,
        );
        await until("connected", () => clients.built.length === 1);
        const client = await within("made", clients.built[0]!.made);
        const server = await within("accept", servers.next(0));
        client.transport.write("over unix");
        await until("echo", () => client.received === "over unix");
        // Twisted: the client's peer is the path and its host unnamed; the
        // server's host is the path and its peer unnamed
        assert.equal(
          String(client.transport.getPeer()),
          `UNIXAddress('${path}')`,
        );
        assert.equal(String(client.transport.getHost()), "UNIXAddress(None)");
        assert.equal(
          String(server.transport.getHost()),
          `UNIXAddress('${path}')`,
        );
        assert.equal(String(server.transport.getPeer()), "UNIXAddress(None)");
        client.transport.loseConnection();
        assert.equal((await within("lost", client.lost)).type, ConnectionDone);
        await within("stop", port.stopListening());
        assert.throws(() => statSync(path), /ENOENT|no such file/i);
      } finally {
        await stop();
        tmp.remove();
      }
    },
  );

  it(
    "refuses a path that already exists with CannotListenError, leaving the file alone",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      const tmp = tempDir();
      try {
        const path = join(tmp.dir, "taken");
        writeFileSync(path, "not a socket");
        assert.throws(
          () =>
            reactor.listenUNIX(path, new KeepingFactory(() => new Recorder())),
          (e: unknown) => e instanceof CannotListenError && e.port === path,
        );
        assert.equal(statSync(path).size, "not a socket".length);
        const live = join(tmp.dir, "live.sock");
        const port = reactor.listenUNIX(
          live,
          new KeepingFactory(() => new Recorder()),
        );
        assert.throws(
          () =>
            reactor.listenUNIX(live, new KeepingFactory(() => new Recorder())),
          CannotListenError,
        );
        await within("stop", port.stopListening());
      } finally {
        await stop();
        tmp.remove();
      }
    },
  );

  it(
    "fails a connect to a missing socket file with a ConnectError",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      const tmp = tempDir();
      try {
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectUNIX(join(tmp.dir, "nobody.sock"), clients);
        const reason = await within("failed", clients.failed);
        assert.ok(
          reason.value instanceof ConnectError,
          reason.getErrorMessage(),
        );
        assert.deepEqual(clients.events[0], "startedConnecting");
      } finally {
        await stop();
        tmp.remove();
      }
    },
  );

  it(
    "closes UNIX ports and connections at the reactor's shutdown and removes the file",
    SOCKET_TEST,
    async () => {
      const running = runningReactor();
      const tmp = tempDir();
      try {
        const path = join(tmp.dir, "shutdown.sock");
        const servers = new KeepingFactory(() => new Recorder());
        running.reactor.listenUNIX(path, servers);
        const clients = new RecordingClientFactory(() => new Recorder());
        running.reactor.connectUNIX(path, clients);
        await within("accept", servers.next(0));
        await until("connected", () => clients.built.length === 1);
        await within("stop", running.stop());
        assert.deepEqual(running.open(), {
          ports: 0,
          connections: 0,
          connecting: 0,
        });
        assert.throws(() => statSync(path), /ENOENT|no such file/i);
      } finally {
        await running.stop();
        tmp.remove();
      }
    },
  );

  it(
    "wantPID keeps a PID lock beside the socket: a second listener is refused, a dead owner's lock and socket are replaced",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      const tmp = tempDir();
      try {
        const path = join(tmp.dir, "locked.sock");
        const port = reactor.listenUNIX(
          path,
          new KeepingFactory(() => new Recorder()),
          50,
          0o666,
          true,
        );
        assert.equal(readlinkSync(`${path}.lock`), String(process.pid));
        assert.throws(
          () =>
            reactor.listenUNIX(
              path,
              new KeepingFactory(() => new Recorder()),
              50,
              0o666,
              true,
            ),
          (e: unknown) =>
            e instanceof CannotListenError &&
            /Cannot acquire lock/.test(e.message),
        );
        // checkPID: a live lock lets the client connect
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectUNIX(path, clients, 30, true);
        await until("connected", () => clients.built.length === 1);
        (await within("made", clients.built[0]!.made)).transport
          .loseConnection();
        await within("stop", port.stopListening());
        assert.throws(() => lstatSync(`${path}.lock`), /ENOENT|no such file/i);
        // a lock left by a process that is gone, and its socket file (here
        // a listener of ours that took no lock)
        const leftover = reactor.listenUNIX(
          path,
          new KeepingFactory(() => new Recorder()),
        );
        const gone = spawnSync("true").pid!;
        symlinkSync(String(gone), `${path}.lock`);
        const again = reactor.listenUNIX(
          path,
          new KeepingFactory(() => new Recorder()),
          50,
          0o666,
          true,
        );
        assert.equal(readlinkSync(`${path}.lock`), String(process.pid));
        await within("stop again", again.stopListening());
        await within("stop leftover", leftover.stopListening());
        assert.throws(() => lstatSync(path), /ENOENT|no such file/i);
      } finally {
        await stop();
        tmp.remove();
      }
    },
  );

  it(
    "checkPID fails a connect with BadFileError when no live process holds the lock",
    SOCKET_TEST,
    async () => {
      const { reactor, stop } = runningReactor();
      const tmp = tempDir();
      try {
        const path = join(tmp.dir, "unlocked.sock");
        const port = reactor.listenUNIX(
          path,
          new KeepingFactory(() => new Recorder()),
        );
        const clients = new RecordingClientFactory(() => new Recorder());
        reactor.connectUNIX(path, clients, 30, true);
        const reason = await within("failed", clients.failed);
        assert.equal(reason.type, BadFileError);
        assert.deepEqual(clients.events, [
          "startedConnecting",
          "failed BadFileError",
        ]);
        await within("stop", port.stopListening());
      } finally {
        await stop();
        tmp.remove();
      }
    },
  );
});
