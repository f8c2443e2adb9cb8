package dev.junction.jobs;

import dev.junction.JunctionException;

/** A job request that cannot be served: an unknown job, a bad request, a state conflict. */
public class JobException extends JunctionException {
  private final Reason reason;

  public JobException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Why the request failed; the server maps it to 404, 400 and 409. */
  public enum Reason {
    NOT_FOUND,
    INVALID,
    CONFLICT
  }

  static JobException notFound(String what, String id) {
    return new JobException(Reason.NOT_FOUND, what + " '" + id + "' does not exist");
  }
}
