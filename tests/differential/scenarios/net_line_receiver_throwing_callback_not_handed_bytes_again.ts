/** A lineLengthExceeded or rawDataReceived that raises has consumed its bytes: the next dataReceived does not hand them over again. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Boom extends LineReceiver {
  override MAX_LENGTH = 3;
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
  }
  override lineLengthExceeded(line: Uint8Array): void {
    emit("exceeded", decode(line));
    throw new Error("boom");
  }
  override rawDataReceived(data: Uint8Array) {
    emit("raw", decode(data));
    throw new Error("boom");
  }
}

export function main(): void {
  const p = new Boom();
  p.makeConnection(new StringTransport());
  for (const chunk of ["toolong\r\nok\r\n", "z\r\n"]) {
    try {
      p.dataReceived(encode(chunk));
      emit("returned");
    } catch (e) {
      emit("raised", e);
    }
  }
  p.setRawMode();
  for (const chunk of ["AAA", "BBB"]) {
    try {
      p.dataReceived(encode(chunk));
      emit("returned");
    } catch (e) {
      emit("raised", e);
    }
  }
}
