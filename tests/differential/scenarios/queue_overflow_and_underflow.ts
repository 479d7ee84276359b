/** DeferredQueue(size, backlog): a put beyond size raises QueueOverflow, a get beyond backlog raises QueueUnderflow. */
import { DeferredQueue, QueueOverflow, QueueUnderflow } from "../../../mod.ts";
import { emit, kind } from "../trace.ts";

export function main(): void {
  const q = new DeferredQueue<string>(1, 1);
  q.put("only");
  try {
    q.put("one too many");
  } catch (e) {
    if (!(e instanceof QueueOverflow)) throw e;
    emit("put", kind(e));
  }
  q.get().addCallback((v) => emit("got", v));
  q.get().addCallback((v) => emit("waiter got", v));
  try {
    q.get();
  } catch (e) {
    if (!(e instanceof QueueUnderflow)) throw e;
    emit("get", kind(e));
  }
  q.put("to the waiter");
  const zero = new DeferredQueue<string>(0);
  zero.get().addCallback((v) => emit("a waiting get still receives", v));
  zero.put("direct");
  try {
    zero.put("no room");
  } catch (e) {
    if (!(e instanceof QueueOverflow)) throw e;
    emit("size 0", kind(e));
  }
}
