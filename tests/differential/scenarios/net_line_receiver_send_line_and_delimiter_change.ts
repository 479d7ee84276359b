/** sendLine writes the line and the current delimiter; changing the delimiter changes both parsing and sending. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Lines extends LineReceiver {
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
    if (decode(line) === "switch") this.delimiter = "\n";
  }
}

export function main(): void {
  const p = new Lines();
  const t = new StringTransport();
  p.makeConnection(t);
  p.sendLine("hello");
  p.dataReceived(encode("switch\r\nx\ny\r\n"));
  p.sendLine("bye");
  emit("sent", t.value());
}
