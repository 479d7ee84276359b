/**
 * The PID lock file beside a UNIX socket (Twisted's
 * `twisted.python.lockfile.FilesystemLock`), for `listenUNIX(…, wantPID)`
 * and `connectUNIX(…, checkPID)`.
 *
 * How: the lock is a symbolic link `<socket>.lock` whose target is the
 * owner's process ID. Creating a symlink is atomic and fails if it exists,
 * so `lock()` is one `symlink` call; when it exists, the owner named in it
 * is asked whether it still runs (signal 0): a dead owner's lock is stale,
 * removed, and taken (`clean` is then `false`: the socket file it guarded
 * may be stale too). A live owner — this process included — keeps it.
 *
 * @module
 */
import { errorCode, host } from "./_host.ts";

/** A symlink lock; see the module doc. */
export class FilesystemLock {
  /** The lock file's path. */
  readonly name: string;
  /** Whether this object holds the lock. */
  locked = false;
  /** After `lock()`: whether the previous owner released it cleanly. */
  clean = true;

  constructor(name: string) {
    this.name = name;
  }

  /** Takes the lock; `false` if a live process holds it. */
  lock(): boolean {
    let clean = true;
    for (;;) {
      try {
        host.symlink(String(host.pid()), this.name);
      } catch (e) {
        if (errorCode(e) !== "EEXIST" && !isAlreadyExists(e)) throw e;
        let owner: string;
        try {
          owner = host.readLink(this.name);
        } catch (e2) {
          if (errorCode(e2) === "ENOENT") continue; // released meanwhile
          throw e2;
        }
        const pid = Number(owner);
        if (Number.isInteger(pid) && pid > 0 && host.processExists(pid)) {
          return false;
        }
        host.removeFile(this.name); // stale
        clean = false;
        continue;
      }
      this.locked = true;
      this.clean = clean;
      return true;
    }
  }

  /** Releases the lock (only the holder may). */
  unlock(): void {
    if (!this.locked) return;
    this.locked = false;
    host.removeFile(this.name);
  }
}

/** Deno names EEXIST "AlreadyExists". */
function isAlreadyExists(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === "AlreadyExists";
}

/** Whether a live process holds the lock `name` (Twisted's `isLocked`). */
export function isLocked(name: string): boolean {
  const probe = new FilesystemLock(name);
  if (probe.lock()) {
    probe.unlock();
    return false;
  }
  return true;
}
