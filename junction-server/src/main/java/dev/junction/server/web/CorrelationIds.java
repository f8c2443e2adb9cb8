package dev.junction.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A request's correlation id: the caller's {@code X-Correlation-Id} when it is a plain token of at
 * most 100 characters, otherwise a new time-ordered UUID (version 7). Anything else the caller sent
 * is ignored rather than copied into logs and headers.
 *
 * <p>Time-ordered because every request's id goes into the audit trail's correlation-id index: a
 * random UUID lands on a random page of that index, which the embedded store then copies on every
 * commit (about 4 KB of garbage per request that lives long enough to be promoted, the main cause
 * of the server's young-GC pauses under load); ids that grow with time append at the index's end.
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
    return timeOrdered(System.currentTimeMillis());
  }

  /**
   * A UUID version 7 (RFC 9562) for {@code millis}: 48 bits of Unix time in milliseconds, then 74
   * random bits. The ids only have to be unique, not secret (they authorize nothing and are echoed
   * to the caller), so the random bits come from {@link ThreadLocalRandom}.
   */
  static String timeOrdered(long millis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
