/**
 * A ThreadPool whose Team is made of memory workers, stepped by hand
 * (shared by the thread_pool_* scenarios; see `_pool.py`). Tasks run
 * in-process; their module is imported on first use, which JavaScript does
 * asynchronously, so `settle()` also lets the event loop turn until nothing
 * is left to do.
 *
 * @module
 */
import { createMemoryWorker, Team, ThreadPool } from "../../../mod.ts";
import { emit } from "../trace.ts";

/** A ThreadPool on a Team of memory workers. */
export class MemoryPool {
  readonly pool: ThreadPool;
  readonly performers: Array<() => boolean> = [];
  readonly coordinate: () => boolean;
  team!: Team;

  constructor(minthreads: number, maxthreads: number) {
    const [coordinator, coordinate] = createMemoryWorker();
    this.coordinate = coordinate;
    this.pool = new ThreadPool({
      minthreads,
      maxthreads,
      inProcess: true,
      pool: (currentLimit) => {
        this.team = new Team(coordinator, () => {
          const s = this.team.statistics();
          if (s.busyWorkerCount + s.idleWorkerCount >= currentLimit()) {
            return null;
          }
          const [worker, perform] = createMemoryWorker();
          this.performers.push(perform);
          return worker;
        }, (f) => emit("team logged", f));
        return this.team;
      },
    });
  }

  /** Coordinates and performs until nothing is left, letting imports finish. */
  async settle(): Promise<void> {
    for (let quiet = 0; quiet < 5;) {
      let any = false;
      while (this.coordinate()) any = true;
      for (const perform of [...this.performers]) while (perform()) any = true;
      if (any) quiet = 0;
      else {
        quiet++;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
  }

  /** `[workers, busy, idle, backlog]`. */
  stats(): number[] {
    const s = this.team.statistics();
    return [
      this.pool.workers,
      s.busyWorkerCount,
      s.idleWorkerCount,
      s.backloggedWorkCount,
    ];
  }
}
