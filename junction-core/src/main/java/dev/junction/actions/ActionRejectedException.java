package dev.junction.actions;

import dev.junction.JunctionException;

/**
 * An action refused to run because of the state of its record (approving a bill of materials that
 * is already approved). Nothing was written; the APIs answer 409.
 */
public final class ActionRejectedException extends JunctionException {
  public ActionRejectedException(String message) {
    super(message);
  }
}
