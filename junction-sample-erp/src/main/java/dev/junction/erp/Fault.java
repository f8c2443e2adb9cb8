package dev.junction.erp;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Faults injected into one endpoint's responses. Latency (fixed plus uniform jitter) is waited
 * without holding a thread. Then one outcome is drawn: hang ({@code hangRate}), 429 with {@code
 * Retry-After} ({@code throttleRate}), 500 ({@code serverErrorRate}), 503 ({@code
 * unavailableRate}), or a normal answer; the four rates must sum to at most 1. A normal answer's
 * body is then malformed JSON ({@code malformedRate}), truncated mid-body with the connection
 * closed ({@code truncatedRate}), or sent in ten chunks spread over {@code slowBody}.
 *
 * <p>Start from {@link #none()} and use the {@code with…} methods.
 */
public record Fault(
    Duration latency,
    Duration jitter,
    double hangRate,
    double throttleRate,
    Duration retryAfter,
    double serverErrorRate,
    double unavailableRate,
    double malformedRate,
    double truncatedRate,
    Duration slowBody) {

  private static final Fault NONE =
      new Fault(
          Duration.ZERO, Duration.ZERO, 0, 0, Duration.ofSeconds(1), 0, 0, 0, 0, Duration.ZERO);

  public Fault {
    nonNegative(latency, "latency");
    nonNegative(jitter, "jitter");
    nonNegative(retryAfter, "retryAfter");
    nonNegative(slowBody, "slowBody");
    rate(hangRate, "hangRate");
    rate(throttleRate, "throttleRate");
    rate(serverErrorRate, "serverErrorRate");
    rate(unavailableRate, "unavailableRate");
    rate(malformedRate, "malformedRate");
    rate(truncatedRate, "truncatedRate");
    double outcomes = hangRate + throttleRate + serverErrorRate + unavailableRate;
    if (outcomes > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "Fault rates hang+throttle+serverError+unavailable must sum to at most 1, was "
              + outcomes);
    }
    if (malformedRate + truncatedRate > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "Fault rates malformed+truncated must sum to at most 1, was "
              + (malformedRate + truncatedRate));
    }
  }

  /** No fault: answers at full speed. */
  public static Fault none() {
    return NONE;
  }

  /** Whether this fault changes nothing. */
  public boolean isNone() {
    return equals(NONE) || (latency.isZero() && jitter.isZero() && noOutcomes() && noBody());
  }

  private boolean noOutcomes() {
    return hangRate == 0 && throttleRate == 0 && serverErrorRate == 0 && unavailableRate == 0;
  }

  private boolean noBody() {
    return malformedRate == 0 && truncatedRate == 0 && slowBody.isZero();
  }

  public Fault withLatency(Duration latency) {
    return with(d -> d.latency = latency);
  }

  /** Adds a uniformly random extra latency in {@code [0, jitter)}. */
  public Fault withJitter(Duration jitter) {
    return with(d -> d.jitter = jitter);
  }

  /** Requests never get an answer (until the client gives up or the server stops). */
  public Fault withHangs(double rate) {
    return with(d -> d.hangRate = rate);
  }

  /** 429 Too Many Requests with {@code Retry-After} in whole seconds. */
  public Fault withThrottling(double rate, Duration retryAfter) {
    return with(
        d -> {
          d.throttleRate = rate;
          d.retryAfter = retryAfter;
        });
  }

  /** 500 Internal Server Error. */
  public Fault withServerErrors(double rate) {
    return with(d -> d.serverErrorRate = rate);
  }

  /** 503 Service Unavailable. */
  public Fault withUnavailable(double rate) {
    return with(d -> d.unavailableRate = rate);
  }

  /** 200 with a body that is not valid JSON. */
  public Fault withMalformedJson(double rate) {
    return with(d -> d.malformedRate = rate);
  }

  /** 200 whose body stops half way (shorter than its {@code Content-Length}), then EOF. */
  public Fault withTruncatedBodies(double rate) {
    return with(d -> d.truncatedRate = rate);
  }

  /** The body is sent in ten chunks spread over {@code duration}. */
  public Fault withSlowBody(Duration duration) {
    return with(d -> d.slowBody = duration);
  }

  /** A copy with the components {@code change} sets; validated like any new fault. */
  private Fault with(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return new Fault(
        d.latency,
        d.jitter,
        d.hangRate,
        d.throttleRate,
        d.retryAfter,
        d.serverErrorRate,
        d.unavailableRate,
        d.malformedRate,
        d.truncatedRate,
        d.slowBody);
  }

  /** The mutable components of one {@link #with} copy. */
  private static final class Draft {
    Duration latency;
    Duration jitter;
    double hangRate;
    double throttleRate;
    Duration retryAfter;
    double serverErrorRate;
    double unavailableRate;
    double malformedRate;
    double truncatedRate;
    Duration slowBody;

    Draft(Fault f) {
      latency = f.latency;
      jitter = f.jitter;
      hangRate = f.hangRate;
      throttleRate = f.throttleRate;
      retryAfter = f.retryAfter;
      serverErrorRate = f.serverErrorRate;
      unavailableRate = f.unavailableRate;
      malformedRate = f.malformedRate;
      truncatedRate = f.truncatedRate;
      slowBody = f.slowBody;
    }
  }

  private static void nonNegative(Duration d, String what) {
    Objects.requireNonNull(d, () -> "Fault " + what + " must not be null");
    if (d.isNegative()) {
      throw new IllegalArgumentException("Fault " + what + " must not be negative, was " + d);
    }
  }

  private static void rate(double r, String what) {
    if (!(r >= 0 && r <= 1)) {
      throw new IllegalArgumentException("Fault " + what + " must be in [0, 1], was " + r);
    }
  }
}
