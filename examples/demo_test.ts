/**
 * The demo and the seed programs: what `deno task demo --fast` prints (run
 * as a process, as a user runs it) and each program's timing on virtual
 * time (the reactor itself is tested in tests/testing/). The real-time demo is the one CI runs
 * (`npx deno task demo`); `twisted_parity_test.ts` compares the output with
 * Twisted's.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { main as callbacksErrbacks } from "./callbacks_errbacks.ts";
import { main as singleCallback } from "./single_callback.ts";
import { HELP } from "./demo.ts";
import { VirtualTimeReactor } from "../testing/mod.ts";
import {
  comparable,
  demoCommand,
  exampleFile,
  FAST_STDERR,
  FAST_STDOUT,
  IS_DENO,
  runProcess,
} from "./_process.ts";

describe("deno task demo", () => {
  it("with --fast, prints the seed programs and the fourth under their headings without waiting", async () => {
    const [cmd, args] = demoCommand("--fast");
    const r = await runProcess(cmd, args);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(comparable(r.stdout), comparable(FAST_STDOUT));
    assert.equal(r.stderr, FAST_STDERR);
    // on real time the first two programs alone wait 8 s
    assert.ok(r.ms < 5000, `took ${r.ms.toFixed(0)} ms`);
  });

  it("with --help, says how to run it and the servers, so that signals reach them, running nothing", async () => {
    const [cmd, args] = demoCommand("--help");
    const r = await runProcess(cmd, args);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, HELP + "\n");
    assert.match(r.stdout, /not `npx deno`/);
    assert.match(r.stdout, /node_modules\/deno\/deno run --allow-net/);
    assert.match(r.stdout, /--allow-read=\./);
    assert.doesNotMatch(r.stdout, /== 1\./);
  });

  it("refuses an unknown argument with exit code 2, running nothing", async () => {
    const [cmd, args] = demoCommand("--slow");
    const r = await runProcess(cmd, args);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /unknown argument --slow/);
  });
});

describe("the seed programs as scripts", () => {
  it("remote_data.ts runs on the default reactor in real time, with a real worker, and exits", async () => {
    const args = IS_DENO
      ? ["run", "--allow-read=.", "examples/remote_data.ts"]
      : [exampleFile("examples/remote_data.ts")];
    const r = await runProcess(process.execPath, args);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const expected = FAST_STDOUT.slice(FAST_STDOUT.indexOf("loadRemoteData"));
    // named after its pool thread
    assert.equal(comparable(r.stdout), comparable(expected));
  });
});

describe("the seed programs on virtual time", () => {
  it("single callback: the result arrives at 2 s and the reactor stops at 4 s", async () => {
    const reactor = new VirtualTimeReactor();
    const lines: string[] = [];
    await singleCallback(
      reactor,
      (l) => lines.push(`${reactor.seconds()}: ${l}`),
    );
    assert.deepEqual(lines, [
      "0: getDummyData called",
      "0: Starting the reactor",
      "2: Result received: 9",
    ]);
    assert.equal(reactor.seconds(), 4);
    assert.equal(reactor.running, false);
  });

  it("callbacks and errbacks: at 2 s the failure for 3 goes to the error printer and Result: 12 to the other", async () => {
    const reactor = new VirtualTimeReactor();
    const out: string[] = [];
    const err: string[] = [];
    await callbacksErrbacks(
      reactor,
      (l) => out.push(`${reactor.seconds()}: ${l}`),
      (l) => err.push(`${reactor.seconds()}: ${l}`),
    );
    assert.deepEqual(out, ["2: Result: 12"]);
    assert.deepEqual(err, [
      "2: [Failure instance: ValueError: You used an odd number!]",
    ]);
    assert.equal(reactor.seconds(), 4);
  });
});
