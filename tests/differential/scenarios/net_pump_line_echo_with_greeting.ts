/** Over an in-memory connection, a server's greeting arrives with the first flush, and lines are echoed only when the pump moves them. */
import {
  connectedServerAndClient,
  decode,
  LineReceiver,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Echo extends LineReceiver {
  override connectionMade() {
    this.sendLine("220 hello");
  }
  override lineReceived(line: Uint8Array) {
    emit("server got", decode(line));
    this.sendLine(decode(line).toUpperCase());
  }
}

class Client extends LineReceiver {
  override lineReceived(line: Uint8Array) {
    emit("client got", decode(line));
  }
}

export function main(): void {
  const [client, , pump] = connectedServerAndClient(Echo, Client);
  client.sendLine("one");
  client.sendLine("two");
  emit("before pump");
  pump.flush();
  emit("peer", client.transport.getPeer().toString() !== "");
}
