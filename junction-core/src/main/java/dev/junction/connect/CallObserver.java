package dev.junction.connect;

import dev.junction.audit.AuditEntry;
import dev.junction.audit.AuditLog;

/**
 * Receives one {@link CallRecord} per outbound call, after the call ends (success or failure). The
 * audit trail and run counters plug in here. Called on the calling thread; must be thread-safe and
 * fast.
 */
@FunctionalInterface
public interface CallObserver {
  void called(CallRecord record);

  static CallObserver none() {
    return r -> {};
  }

  /** Both observers, {@code a} first. */
  static CallObserver merge(CallObserver a, CallObserver b) {
    return r -> {
      a.called(r);
      b.called(r);
    };
  }

  /**
   * Writes one outbound {@link AuditEntry} per call to {@code log}; calls outside a run get the
   * correlation id {@code -}.
   */
  static CallObserver auditTo(AuditLog log) {
    return r ->
        log.record(
            AuditEntry.outbound(
                r.connection(),
                r.method(),
                r.url(),
                r.status(),
                r.duration().isNegative() ? java.time.Duration.ZERO : r.duration(),
                r.correlationId() == null ? "-" : r.correlationId(),
                r.started(),
                r.bytes(),
                Math.max(1, r.attempts())));
  }
}
