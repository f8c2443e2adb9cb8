package dev.junction.pipeline;

import dev.junction.config.ChainingConfig.OnChildError;

/**
 * Java hook for a failed child fetch (the seed's {@code OnChildFetchError} event): decides whether
 * the run goes on. Called on the virtual thread that fetched the child, possibly concurrently for
 * several parents; must be thread-safe. Without a hook the child's configured {@code onChildError}
 * decides.
 */
@FunctionalInterface
public interface OnChildFetchError {
  OnChildError onChildFetchError(ChildFetchFailed event);

  /** Follows each child endpoint's configured policy. */
  static OnChildFetchError configured() {
    return event -> event.configuredPolicy();
  }
}
