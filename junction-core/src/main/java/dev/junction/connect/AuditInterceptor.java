package dev.junction.connect;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;

/** Outermost interceptor: one {@link CallRecord} per call, after all attempts. */
final class AuditInterceptor implements Interceptor {
  private final CallObserver observer;
  private final InstantSource clock;
  private final Set<String> redactedParams;

  AuditInterceptor(CallObserver observer, InstantSource clock, Set<String> redactedParams) {
    this.observer = observer;
    this.clock = clock;
    this.redactedParams = redactedParams;
  }

  @Override
  public Response intercept(Chain chain) {
    Call call = chain.call();
    Instant started = clock.instant();
    String url = Redaction.url(call.uri(), redactedParams);
    try {
      Response response = chain.proceed(call);
      observer.called(
          new CallRecord(
              chain.connection(),
              call.method(),
              url,
              response.status(),
              response.attempts(),
              started,
              Duration.between(started, clock.instant()),
              response.body().length,
              call.correlationId(),
              null));
      return response;
    } catch (ConnectorException e) {
      observer.called(
          new CallRecord(
              chain.connection(),
              call.method(),
              url,
              e.status(),
              e.attempts(),
              started,
              Duration.between(started, clock.instant()),
              0,
              call.correlationId(),
              e.getMessage()));
      throw e;
    }
  }
}
