/** A line of exactly MAX_LENGTH is delivered; one byte more gives lineLengthExceeded that line, its delimiter and what follows. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Lines extends LineReceiver {
  override MAX_LENGTH = 5;
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
  }
  override lineLengthExceeded(line: Uint8Array) {
    emit("exceeded", decode(line));
  }
}

export function main(): void {
  const p = new Lines();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("12345\r\n123456\r\nrest\r\n"));
  emit("buffer", decode(p.clearLineBuffer()));
  p.dataReceived(encode("ok\r\n"));
}
