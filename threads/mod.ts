/**
 * Twisted's thread machinery on Web Workers: `ThreadPool`, `deferToThread`,
 * the `_threads` team (`Team`, `LockWorker`, memory workers) and `context`.
 *
 * This layer is being built; see the project's issues for its status.
 *
 * @module
 */
export {};
