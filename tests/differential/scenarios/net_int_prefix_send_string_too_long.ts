/** sendString refuses a string whose length does not fit the prefix, and accepts the longest one that does. */
import { Int8StringReceiver, StringTransport } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const p = new Int8StringReceiver();
  const t = new StringTransport();
  p.makeConnection(t);
  try {
    p.sendString("x".repeat(256));
  } catch (e) {
    emit("refused", kind(e));
  }
  p.sendString("x".repeat(255));
  emit("sent", t.value().length);
}
