package dev.junction.erp;

import java.util.Map;

/**
 * The faults in force, per endpoint. Changes apply to requests that arrive afterwards; safe to call
 * from any thread. Also reachable over HTTP at {@code /admin/faults}.
 */
public interface Faults {

  /** Replaces the fault of {@code endpoint}; {@link Fault#none()} clears it. */
  void set(Endpoint endpoint, Fault fault);

  /** The fault in force for {@code endpoint}, {@link Fault#none()} if there is none. */
  Fault get(Endpoint endpoint);

  /** Clears every endpoint's fault. */
  void clearAll();

  /** The endpoints that have a fault, with it. */
  Map<Endpoint, Fault> all();
}
