package dev.junction.erp;

import java.util.Map;

/**
 * Requests served, per endpoint and HTTP status; counted when the status is decided (a hang counts
 * as status 0). Admin requests are not counted. Thread-safe; also at {@code /admin/stats}.
 */
public interface Stats {

  /** Requests to {@code endpoint}, any status. */
  long count(Endpoint endpoint);

  /** Requests to {@code endpoint} answered with {@code status}. */
  long count(Endpoint endpoint, int status);

  /** All requests counted. */
  long total();

  /** Endpoint id → status → count, for the endpoints that saw requests. */
  Map<String, Map<Integer, Long>> snapshot();

  /** Sets every count to zero. */
  void reset();
}
