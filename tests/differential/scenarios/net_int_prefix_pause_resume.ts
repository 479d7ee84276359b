/** pauseProducing from stringReceived holds the strings already buffered until resumeProducing. */
import {
  decode,
  encode,
  Int8StringReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class P extends Int8StringReceiver {
  override stringReceived(s: Uint8Array) {
    emit("string", decode(s));
    if (decode(s) === "wait") this.pauseProducing();
  }
}

export function main(): void {
  const p = new P();
  const t = new StringTransport();
  p.makeConnection(t);
  p.dataReceived(encode("\x01a\x04wait\x01b\x01"));
  emit("paused", p.paused, t.producerState);
  p.dataReceived(encode("c"));
  emit("still paused");
  p.resumeProducing();
  emit("resumed", p.paused, t.producerState);
}
