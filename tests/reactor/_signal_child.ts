/**
 * Child process for `signal_test.ts`: runs the default reactor and reports
 * its progress on stdout. With the argument `hang`, shutdown waits forever
 * on a 'before' trigger, so only a second signal can end the process; with
 * `pool`, the reactor has a (stand-in) thread pool whose stop never ends
 * by itself.
 */
import { reactor } from "../../reactor/mod.ts";
import { setThreadPoolFactory } from "../../reactor/thread_pool_factory.ts";
import { Deferred } from "../../defer/mod.ts";

const argv = (globalThis as { process?: { argv?: string[] } }).process?.argv;
const hang = argv?.includes("hang");
if (argv?.includes("pool")) {
  setThreadPoolFactory(() => ({
    start() {},
    stop() {
      console.log("pool stopping");
      return new Deferred<void>(() => console.log("pool stop cancelled"));
    },
    callInThread() {},
    adjustPoolsize() {},
  }));
  reactor.getThreadPool();
}
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
