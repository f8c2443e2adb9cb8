package dev.junction.erp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Faults per endpoint in an array indexed by ordinal: a read is one volatile load. */
final class FaultTable implements Faults {
  private final AtomicReferenceArray<Fault> faults =
      new AtomicReferenceArray<>(Endpoint.values().length);

  FaultTable() {
    clearAll();
  }

  @Override
  public void set(Endpoint endpoint, Fault fault) {
    if (endpoint == null || fault == null) {
      throw new IllegalArgumentException("Endpoint and fault must not be null");
    }
    faults.set(endpoint.ordinal(), fault);
  }

  @Override
  public Fault get(Endpoint endpoint) {
    return faults.get(endpoint.ordinal());
  }

  @Override
  public void clearAll() {
    for (Endpoint e : Endpoint.values()) {
      faults.set(e.ordinal(), Fault.none());
    }
  }

  @Override
  public Map<Endpoint, Fault> all() {
    Map<Endpoint, Fault> result = new EnumMap<>(Endpoint.class);
    for (Endpoint e : Endpoint.values()) {
      Fault f = get(e);
      if (!f.isNone()) {
        result.put(e, f);
      }
    }
    return result;
  }
}
