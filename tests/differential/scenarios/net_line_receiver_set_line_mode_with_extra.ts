/** rawDataReceived can take some bytes and give the rest back with setLineMode(extra), which are parsed as lines at once. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Sized extends LineReceiver {
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
    this.setRawMode();
  }
  override rawDataReceived(data: Uint8Array) {
    emit("raw", decode(data.subarray(0, 2)));
    this.setLineMode(data.subarray(2));
  }
}

export function main(): void {
  const p = new Sized();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("a\r\nXYb\r\nZWc\r\nQ"));
  p.dataReceived(encode("Rd\r\n"));
}
