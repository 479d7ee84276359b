/**
 * Child process for `signal_test.ts`: runs the default reactor and reports
 * its progress on stdout. With the argument `hang`, shutdown waits forever
 * on a 'before' trigger, so only a second signal can end the process.
 */
import { reactor } from "../../reactor/mod.ts";
import { Deferred } from "../../defer/mod.ts";

const hang = (globalThis as { process?: { argv?: string[] } }).process?.argv
  ?.includes("hang");
reactor.callWhenRunning(() => console.log("running"));
reactor.addSystemEventTrigger("before", "shutdown", () => {
  console.log("stopping");
  return hang ? new Deferred<void>() : undefined;
});
reactor.addSystemEventTrigger(
  "after",
  "shutdown",
  () => console.log("shut down"),
);
await reactor.run();
console.log("run resolved");
