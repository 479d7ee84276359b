/** A lineReceived that returns a value: Twisted 22.4 stops delivering the chunk's lines there (the rest waits for the next dataReceived); twisted-ts ignores the value. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Returning extends LineReceiver {
  override lineReceived(line: Uint8Array): string | undefined {
    emit("line", decode(line));
    return decode(line) === "a" ? "stop" : undefined;
  }
}

export function main(): void {
  const p = new Returning();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("a\r\nb\r\nc\r\n"));
  emit("next chunk");
  p.dataReceived(encode("d\r\n"));
}
