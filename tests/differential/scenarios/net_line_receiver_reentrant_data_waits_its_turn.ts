/** Data given to dataReceived from inside lineReceived is parsed after the data already buffered. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Reenter extends LineReceiver {
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
    if (decode(line) === "a") this.dataReceived(encode("inner\r\n"));
  }
}

export function main(): void {
  const p = new Reenter();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("a\r\nb\r\nc"));
  p.dataReceived(encode("\r\n"));
}
