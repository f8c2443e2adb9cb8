package dev.junction.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A request's correlation id: the caller's {@code X-Correlation-Id} when it is a plain token of at
 * most 100 characters, otherwise a new UUID. Anything else the caller sent is ignored rather than
 * copied into logs and headers.
 */
public final class CorrelationIds {
  public static final String HEADER = "X-Correlation-Id";
  public static final String ATTRIBUTE = "junction.correlationId";
  public static final String MDC_KEY = "correlationId";

  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  private CorrelationIds() {}

  static String of(HttpServletRequest request) {
    String given = request.getHeader(HEADER);
    if (given != null && ACCEPTED.matcher(given).matches()) return given;
    return UUID.randomUUID().toString();
  }
}
