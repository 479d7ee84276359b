/**
 * The seed programs print what Twisted prints for their Python originals
 * (`examples/twisted/*.py`): each original runs under Twisted 22.4 on
 * virtual time (`examples/twisted/run_fast.py`), and its stdout must equal
 * the matching section of `demo.ts --fast`; the stderr of the whole run
 * must be Twisted's, once Python's rendering of a Failure is mapped to
 * ours (`Traceback (failure with no frames): <class 'ValueError'>: …` is
 * `ValueError: …` here; see the README's migration map). One declared
 * difference is mapped too (`asOurThreadNames`): a Deferred fired by a
 * pool thread runs its callbacks on the reactor thread here, so the seed's
 * `getResult` prints `MainThread` where Twisted prints the pool thread.
 *
 * Needs `python3` with Twisted 22.4 (`PYTHON` overrides the interpreter,
 * default `/usr/bin/python3`); without it the test is skipped, saying so.
 * CI (`.ci/run`) installs Twisted first, so there it always runs.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { comparable, demoCommand, runProcess } from "./_process.ts";
import { PROGRAMS } from "./demo.ts";

const PYTHON = process.env.PYTHON ?? "/usr/bin/python3";

function twistedAvailable(): boolean {
  try {
    const r = spawnSync(PYTHON, ["-c", "import twisted"], { stdio: "ignore" });
    return r.status === 0;
  } catch {
    return false;
  }
}

/** Twisted's `str(failure)` rendered the way twisted-ts renders a Failure. */
export function asOurFailure(text: string): string {
  return text
    .replace(
      /\[Failure instance: Traceback \(failure with no frames\): <class '(?:[\w.]*\.)?(\w+)'>: ([^\n]*)\n\]/g,
      "[Failure instance: $1: $2]\n",
    );
}

/**
 * Twisted's stdout with the declared thread difference applied (README
 * migration table; `tests/differential/differences.ts`,
 * `thread_pool_task_fires_a_passed_deferred`): the seed's `getResult` and
 * `getError`, callbacks of a Deferred that a pool thread fired, print the
 * pool thread's name in Twisted and `MainThread` here.
 */
export function asOurThreadNames(text: string): string {
  return text.replace(
    /^thread\[PoolThread-[^\]]*\] (result|error) = /gm,
    "thread[MainThread] $1 = ",
  );
}

/** The demo's stdout cut at its `== N. Title (examples/file.ts)` headings. */
export function sections(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = stdout.split(/^== \d+\. .* \(examples\/([\w.]+)\)\n/m);
  for (let i = 1; i < parts.length; i += 2) {
    out.set(
      parts[i]!,
      parts[i + 1]!.replace(/\n\n$/, "\n").replace(/^\n$/, ""),
    );
  }
  return out;
}

const skip = twistedAvailable()
  ? false
  : `${PYTHON} cannot import Twisted (apt-get install python3-twisted)`;

/** Runs our demo (`--fast`) and each Python original (on virtual time). */
async function runBoth() {
  const [cmd, args] = demoCommand("--fast");
  const [ours, ...theirs] = await Promise.all([
    runProcess(cmd, args),
    ...PROGRAMS.map(([, file]) =>
      runProcess(PYTHON, [
        "examples/twisted/run_fast.py",
        `examples/twisted/${file.replace(/\.ts$/, ".py")}`,
      ])
    ),
  ]);
  assert.equal(ours!.code, 0, ours!.stderr);
  for (const [i, t] of theirs.entries()) {
    assert.equal(
      t.code,
      0,
      `${PROGRAMS[i]![1]}: Twisted exited ${t.code}: ${t.stderr}`,
    );
  }
  return { ours: ours!, theirs };
}

describe("the seed programs against Twisted 22.4", () => {
  it(
    "print, program by program, what their Python originals print",
    { skip },
    async () => {
      const { ours, theirs } = await runBoth();
      const ourSections = sections(ours.stdout);
      for (const [i, [, file]] of PROGRAMS.entries()) {
        const section = ourSections.get(file);
        assert.ok(section !== undefined, `${file}: no section in the demo`);
        assert.equal(
          comparable(section),
          comparable(asOurThreadNames(theirs[i]!.stdout)),
          `${file}: stdout differs`,
        );
      }
      assert.equal(
        ours.stderr,
        theirs.map((t) => asOurFailure(t.stderr)).join(""),
      );
    },
  );

  it("map Twisted's rendering of a Failure to ours, and nothing else", () => {
    assert.equal(
      asOurFailure(
        "[Failure instance: Traceback (failure with no frames): <class 'ValueError'>: You used an odd number!\n]",
      ),
      "[Failure instance: ValueError: You used an odd number!]\n",
    );
    assert.equal(
      asOurFailure(
        "[Failure instance: Traceback (failure with no frames): <class 'twisted.internet.defer.CancelledError'>: \n]",
      ),
      "[Failure instance: CancelledError: ]\n",
    );
    assert.equal(asOurFailure("Result: 12\n"), "Result: 12\n");
  });

  it("map the pool thread's name in getResult's and getError's lines to MainThread, and nothing else", () => {
    const twisted = [
      "main():thread[MainThread]",
      "thread[PoolThread-twisted.internet.reactor-0] url = http://www.baidu.com",
      "thread[PoolThread-twisted.internet.reactor-0] result = callback data",
      "thread[PoolThread-twisted.internet.reactor-0] error = [Failure instance: …]",
      "",
    ].join("\n");
    assert.equal(
      asOurThreadNames(twisted),
      [
        "main():thread[MainThread]",
        "thread[PoolThread-twisted.internet.reactor-0] url = http://www.baidu.com",
        "thread[MainThread] result = callback data",
        "thread[MainThread] error = [Failure instance: …]",
        "",
      ].join("\n"),
    );
  });

  it("cut the demo's output into one section per program", () => {
    const out = [
      "banner",
      "",
      "== 1. One (examples/one.ts)",
      "a",
      "b",
      "",
      "== 2. Two (examples/two.ts)",
      "",
      "== 3. Three (examples/three.ts)",
      "c",
      "",
    ].join("\n");
    assert.deepEqual(
      [...sections(out)],
      [["one.ts", "a\nb\n"], ["two.ts", ""], ["three.ts", "c\n"]],
    );
  });
});
