/**
 * The `Quit` flag and `AlreadyQuit`: Twisted's `QuitTests` (5), plus the
 * error's identity and message.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Quit } from "../../threads/_quit.ts";
import { AlreadyQuit } from "../../threads/mod.ts";

describe("Quit", () => {
  it("starts unset", () => {
    assert.equal(new Quit().isSet, false);
  });

  it("is set by set()", () => {
    const flag = new Quit();
    flag.set();
    assert.equal(flag.isSet, true);
  });

  it("check() does nothing and returns undefined while unset", () => {
    const flag = new Quit();
    assert.equal(flag.check(), undefined);
    assert.equal(flag.isSet, false);
  });

  it("check() throws AlreadyQuit once set", () => {
    const flag = new Quit();
    flag.set();
    assert.throws(() => flag.check(), AlreadyQuit);
  });

  it("set() throws AlreadyQuit when called a second time and stays set", () => {
    const flag = new Quit();
    flag.set();
    assert.throws(() => flag.set(), AlreadyQuit);
    assert.equal(flag.isSet, true);
  });

  it("names the owner and the refused call in the AlreadyQuit message", () => {
    const flag = new Quit("Team");
    flag.set("Team.quit");
    assert.throws(() => flag.check("Team.do"), {
      name: "AlreadyQuit",
      message: "Team.do: this Team has already quit",
    });
  });
});

describe("AlreadyQuit", () => {
  it("is an Error named AlreadyQuit with a default message", () => {
    const e = new AlreadyQuit();
    assert.ok(e instanceof Error);
    assert.equal(e.name, "AlreadyQuit");
    assert.equal(e.message, "this worker has already quit");
    assert.equal(new AlreadyQuit("custom").message, "custom");
  });
});
