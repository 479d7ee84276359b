/** StringTransport shows the registered producer and streaming flag, refuses a second producer and an unregister with none, and tracks its own producer state. */
import { StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Producer {
  pauseProducing() {}
  resumeProducing() {}
  stopProducing() {}
}

export function main(): void {
  const t = new StringTransport();
  const p = new Producer();
  t.registerProducer(p, true);
  emit("registered", t.producer === p, t.streaming);
  try {
    t.registerProducer(new Producer(), false);
  } catch (e) {
    void e;
    emit("second refused", true);
  }
  t.unregisterProducer();
  emit("unregistered", t.producer, t.streaming);
  try {
    t.unregisterProducer();
  } catch (e) {
    void e;
    emit("nothing to unregister", true);
  }
  t.pauseProducing();
  emit("state", t.producerState);
  t.stopProducing();
  try {
    t.resumeProducing();
  } catch (e) {
    void e;
    emit("resume refused", t.producerState);
  }
}
