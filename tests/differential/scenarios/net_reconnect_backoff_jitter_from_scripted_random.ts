/** With jitter, each delay is a normal draw (Python's normalvariate) around delay * factor: the same uniforms give the same delays. */
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

const UNIFORMS = [
  0.9,
  0.3,
  0.1,
  0.8,
  0.45,
  0.6,
  0.7,
  0.05,
  0.02,
  0.99,
  0.5,
  0.5,
  0.33,
  0.77,
  0.2,
  0.9,
  0.6,
  0.4,
];

export function main(): void {
  const values = [...UNIFORMS];
  const clock = new Clock();
  const f = new ReconnectingClientFactory();
  f.clock = clock;
  f.maxDelay = 30;
  f.random = () => values.shift()!;
  const c = new Connector(clock);
  for (let i = 0; i < 6; i++) {
    f.clientConnectionLost(c, connectionLost);
    emit("delay", f.delay);
    clock.advance(f.delay);
  }
  emit(
    "attempts",
    c.attempts.length,
    c.attempts.map((t) => Math.round(t * 1e9) / 1e9),
  );
}
