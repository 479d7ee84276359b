/** By default a line over MAX_LENGTH loses the connection; the lines before it were delivered. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Lines extends LineReceiver {
  override MAX_LENGTH = 3;
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
  }
}

export function main(): void {
  const p = new Lines();
  const t = new StringTransport();
  p.makeConnection(t);
  p.dataReceived(encode("ab\r\ntoo long\r\ncd\r\n"));
  emit("disconnecting", t.disconnecting);
}
