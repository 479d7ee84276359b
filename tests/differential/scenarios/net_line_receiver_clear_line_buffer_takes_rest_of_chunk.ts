/** clearLineBuffer called from lineReceived returns the rest of the chunk being parsed (and data fed meanwhile), and none of it is delivered. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Switch extends LineReceiver {
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
    if (decode(line) === "SWITCH") {
      this.dataReceived(encode("later\r\n"));
      emit("cleared", decode(this.clearLineBuffer()));
      emit("cleared again", decode(this.clearLineBuffer()));
    }
  }
}

export function main(): void {
  const p = new Switch();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("a\r\nSWITCH\r\nb\r\nc\r\npartial"));
  emit("after the chunk", decode(p.clearLineBuffer()));
  p.dataReceived(encode("d\r\n"));
}
