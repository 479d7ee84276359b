/** setRawMode from lineReceived sends everything still buffered to rawDataReceived as one chunk, and later data too. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Headers extends LineReceiver {
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
    if (line.length === 0) this.setRawMode();
  }
  override rawDataReceived(data: Uint8Array) {
    emit("raw", decode(data));
  }
}

export function main(): void {
  const p = new Headers();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("Host: x\r\nLen: 9\r\n\r\nbody\r\nmo"));
  p.dataReceived(encode("re"));
  p.dataReceived(new Uint8Array(0));
}
