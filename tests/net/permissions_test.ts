/**
 * The Deno permissions the README names are the ones sockets need: a TCP
 * echo runs with exactly `--allow-net`, a UNIX one with `--allow-net
 * --allow-read --allow-write`, and without `--allow-net` listening is a
 * CannotListenError that carries the runtime's permission error (Deno
 * only: Bun has no permissions).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const IS_DENO = typeof (globalThis as { Deno?: { args?: unknown } }).Deno
  ?.args !== "undefined";
const SCRIPT = fileURLToPath(
  new URL("./fixtures/permission_echo.ts", import.meta.url),
);

interface DenoCommand {
  Command: new (
    cmd: string,
    options: { args: string[]; stdin: "null"; signal: AbortSignal },
  ) => {
    outputSync(): { code: number; stdout: Uint8Array; stderr: Uint8Array };
  };
  execPath(): string;
}

/**
 * Runs the fixture with exactly `flags` (Deno.Command: node:child_process
 * would pass the test's own permissions on to a Deno child).
 */
function deno(flags: string[], ...args: string[]) {
  const D = (globalThis as unknown as { Deno: DenoCommand }).Deno;
  const r = new D.Command(D.execPath(), {
    args: ["run", "--no-check", "--no-prompt", ...flags, SCRIPT, ...args],
    stdin: "null",
    signal: AbortSignal.timeout(60_000),
  }).outputSync();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: r.code, out: text(r.stdout).trim(), err: text(r.stderr) };
}

describe(
  "Deno permissions for sockets",
  { skip: !IS_DENO && "Deno only" },
  () => {
    it("a TCP echo needs exactly --allow-net", { timeout: 120_000 }, () => {
      const r = deno(["--allow-net"], "tcp");
      assert.equal(r.out, "echoed: hello", r.err);
      assert.equal(r.code, 0);
    });

    it(
      "without --allow-net, listenTCP is a CannotListenError carrying the permission error",
      { timeout: 120_000 },
      () => {
        const r = deno([], "tcp");
        assert.match(
          r.out,
          /^refused: CannotListenError: Couldn't listen on 127\.0\.0\.1:0: .*(net|NotCapable|permission)/i,
        );
      },
    );

    it("a UNIX echo needs --allow-net --allow-read --allow-write", {
      timeout: 120_000,
    }, () => {
      const dir = mkdtempSync(join(tmpdir(), "twisted-ts-perm-"));
      try {
        const r = deno(
          ["--allow-net", "--allow-read", "--allow-write"],
          "unix",
          dir,
        );
        assert.equal(r.out, "echoed: hello", r.err);
        const without = deno(["--allow-net", "--allow-read"], "unix", dir);
        assert.match(without.out, /^refused: CannotListenError/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
