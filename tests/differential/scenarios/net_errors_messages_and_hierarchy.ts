/** Twisted's connection errors: their messages (with an OS error and details), their class hierarchy, and the connectionDone Failure. */
import {
  CannotListenError,
  ConnectError,
  ConnectionAborted,
  ConnectionDone,
  connectionDone,
  ConnectionLost,
  ConnectionRefusedError,
  ConnectTimeoutError,
  NoRouteError,
  TCPTimedOutError,
  UserError,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  emit("refused", new ConnectionRefusedError("111", "Connection refused"));
  emit("done", new ConnectionDone(), new ConnectionDone("Connection done"));
  emit("lost", new ConnectionLost("Connection lost"));
  emit("aborted", new ConnectionAborted());
  emit(
    "listen",
    new CannotListenError("127.0.0.1", 80, "in use"),
    new CannotListenError("", 80, "denied"),
  );
  emit("user", new UserError(), new TCPTimedOutError(), new NoRouteError());
  emit(
    "timeout is a user error",
    new ConnectTimeoutError() instanceof UserError,
    new UserError() instanceof ConnectError,
  );
  emit(
    "aborted is lost",
    new ConnectionAborted() instanceof ConnectionLost,
    new ConnectionDone() instanceof ConnectionLost,
  );
  emit("connectionDone", connectionDone);
  emit("timeout", new ConnectTimeoutError());
}
