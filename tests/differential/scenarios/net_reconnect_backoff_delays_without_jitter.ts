/** Without jitter, each failure multiplies the delay by e up to maxDelay, and the reconnection happens exactly that long after it, on the clock. */
import {
  Clock,
  connectionLost,
  type IConnector,
  ReconnectingClientFactory,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Connector implements IConnector {
  attempts: number[] = [];
  constructor(readonly clock: Clock) {}
  connect() {
    this.attempts.push(this.clock.seconds());
  }
  stopConnecting() {
    emit("stopConnecting");
  }
  disconnect() {}
  getDestination() {
    return { toString: () => "dest" };
  }
}

export function main(): void {
  const clock = new Clock();
  const f = new ReconnectingClientFactory();
  f.clock = clock;
  f.jitter = 0;
  f.maxDelay = 60;
  const c = new Connector(clock);
  for (let i = 0; i < 7; i++) {
    f.clientConnectionFailed(c, connectionLost);
    emit("retry", f.retries, f.delay);
    clock.advance(f.delay);
  }
  emit("attempts", c.attempts);
}
