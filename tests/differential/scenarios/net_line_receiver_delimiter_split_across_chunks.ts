/** A multi-byte delimiter cut between two (or three) chunks still ends the line. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Lines extends LineReceiver {
  override delimiter = "<END>";
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
  }
}

export function main(): void {
  const p = new Lines();
  p.makeConnection(new StringTransport());
  for (const chunk of ["a<E", "N", "D>b<", "END", ">c<EN<END>"]) {
    emit("feed", chunk);
    p.dataReceived(encode(chunk));
  }
}
