package dev.junction.actions;

import dev.junction.store.StoreTransaction;

/**
 * One operation callable through the APIs (an OData action), bound to a record of an entity or
 * unbound. Implementations are registered by name in an {@link ActionRegistry} and must be
 * thread-safe: one instance serves concurrent calls.
 */
@FunctionalInterface
public interface Action {

  /**
   * Runs the action inside {@code tx}, the caller's store transaction: every write goes through
   * {@code tx} and commits (with its change-log rows) only when the whole request — or the whole
   * {@code $batch} change set — succeeds.
   *
   * @param call what was called: the action's declaration, the bound record (as read in {@code
   *     tx}), the parameters, the calling principal and the time of the call
   * @param tx the transaction to read and write in; valid only during this call
   * @return the result (use {@link ActionResult#none()} for none)
   * @throws ActionRejectedException when the record's state does not allow the action (nothing is
   *     written)
   * @throws dev.junction.ValidationException when a parameter is invalid (nothing is written)
   * @throws dev.junction.store.VersionConflictException when the record changed concurrently
   */
  ActionResult run(ActionCall call, StoreTransaction tx);
}
