/** LoopingCall misuse: a negative interval is a RangeError; stopping one that is not running, or starting one twice, is an Error (declared difference). */
import { Clock, LoopingCall } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const clock = new Clock();
  const lc = new LoopingCall(() => {});
  lc.clock = clock;
  try {
    lc.start(-1);
  } catch (e) {
    emit("negative interval", kind(e));
  }
  try {
    lc.stop();
  } catch (e) {
    emit("stop when not running", kind(e));
  }
  lc.start(1);
  try {
    lc.start(1);
  } catch (e) {
    emit("start twice", kind(e));
  }
  lc.stop();
}
