/** Data given to dataReceived from inside stringReceived: Twisted 22.4 parses it (and the rest of the chunk) there and then, before that call returns; twisted-ts queues it and parses it once the callback returns. */
import {
  decode,
  encode,
  NetstringReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Reenter extends NetstringReceiver {
  override stringReceived(s: Uint8Array) {
    emit("string", decode(s));
    if (decode(s) === "a") {
      this.dataReceived(encode("1:c,"));
      emit("inner dataReceived returned");
    }
  }
}

export function main(): void {
  const p = new Reenter();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("1:a,1:b,"));
  emit("outer dataReceived returned");
}
