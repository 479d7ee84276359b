/** With maxRetries, the factory schedules that many reconnections and then stops retrying. */
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
  f.maxRetries = 3;
  const c = new Connector(clock);
  for (let i = 0; i < 5; i++) {
    f.clientConnectionFailed(c, connectionLost);
    emit("after failure", f.retries, clock.getDelayedCalls().length);
    clock.advance(1000);
  }
  emit("attempts", c.attempts.length);
}
