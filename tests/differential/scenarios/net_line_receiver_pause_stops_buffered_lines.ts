/** pauseProducing from lineReceived stops delivery of the lines already buffered (and pauses the transport) until resumeProducing. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Slow extends LineReceiver {
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
    if (decode(line) === "pause") this.pauseProducing();
  }
}

export function main(): void {
  const p = new Slow();
  const t = new StringTransport();
  p.makeConnection(t);
  p.dataReceived(encode("a\r\npause\r\nb\r\nc"));
  emit("state", t.producerState, p.paused);
  p.dataReceived(encode("\r\nd\r\n"));
  emit("still paused");
  p.resumeProducing();
  emit("state", t.producerState, p.paused);
}
