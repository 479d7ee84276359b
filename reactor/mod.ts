/**
 * Twisted's reactor core: the binary-heap scheduler behind `callLater`,
 * `DelayedCall`, the deterministic `Clock`, the `Reactor` run loop on the
 * host's event loop with system events and `callFromThread`, and Twisted's
 * `task` helpers.
 *
 * This layer is being built; see the project's issues for its status.
 *
 * @module
 */
export {};
