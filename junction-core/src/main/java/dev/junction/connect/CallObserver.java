package dev.junction.connect;

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
}
