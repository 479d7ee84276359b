/** Data given to dataReceived from inside stringReceived: Twisted 22.4 re-parses its buffer from the start, delivering strings again; twisted-ts queues the data after what is being parsed. */
import {
  decode,
  encode,
  Int8StringReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Reenter extends Int8StringReceiver {
  fed = false;
  override stringReceived(s: Uint8Array) {
    emit("string", decode(s));
    if (!this.fed) {
      this.fed = true;
      this.dataReceived(encode("\x01c"));
    }
  }
}

export function main(): void {
  const p = new Reenter();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("\x01a\x01b"));
  p.dataReceived(encode("\x01d"));
}
