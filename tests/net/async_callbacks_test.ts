/**
 * Protocol methods written `async` (the transport does not wait for them):
 * a promise that rejects fails the connection as a throw would — logged
 * once, the connection closed with that failure — and is no unhandled
 * rejection. The same for a receiver's `lineReceived`/`stringReceived`,
 * whose rejection is logged and closes the connection. On the memory
 * pump: no socket opens.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Failure } from "../../defer/failure.ts";
import {
  connectedServerAndClient,
  encode,
  Int32StringReceiver,
  LineReceiver,
  Protocol,
} from "../../net/mod.ts";
import { capturingLog, errorsIn } from "../_log.ts";

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("an async protocol method whose promise rejects", () => {
  it("fails the connection with that error and logs it once (dataReceived)", async () => {
    let lost: Failure | undefined;
    class Failing extends Protocol {
      override async dataReceived() {
        await null;
        throw new RangeError("async dataReceived");
      }
      override connectionLost(reason: Failure) {
        lost = reason;
      }
    }
    const { events } = await capturingLog(async () => {
      const [client, , pump] = connectedServerAndClient(Failing, Protocol);
      client.transport.write("hi");
      pump.flush();
      await settle();
      pump.flush();
    });
    const errors = errorsIn(events);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.why!, /Unhandled error in dataReceived of/);
    assert.ok(lost?.check(RangeError), `lost with ${lost}`);
  });

  it("logs once and closes the connection when a receiver's callback rejects", async () => {
    class Lines extends LineReceiver {
      override async lineReceived() {
        await null;
        throw new RangeError("async lineReceived");
      }
    }
    class Strings extends Int32StringReceiver {
      override async stringReceived() {
        await null;
        throw new RangeError("async stringReceived");
      }
    }
    for (
      const [Server, input, method] of [
        [Lines, encode("a line\r\n"), "lineReceived"],
        [Strings, new Uint8Array([0, 0, 0, 1, 120]), "stringReceived"],
      ] as const
    ) {
      const { events } = await capturingLog(async () => {
        const [client, server, pump] = connectedServerAndClient(
          Server as typeof Protocol,
          Protocol,
        );
        client.transport.write(input);
        pump.flush();
        await settle();
        pump.flush();
        assert.equal(server.transport.disconnecting, true, method);
      });
      const errors = errorsIn(events);
      assert.equal(errors.length, 1, method);
      assert.match(errors[0]!.why!, new RegExp(`Unhandled error in ${method}`));
    }
  });
});
