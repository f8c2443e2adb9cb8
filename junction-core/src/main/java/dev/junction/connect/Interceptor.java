package dev.junction.connect;

/**
 * One cross-cutting concern of outbound calls (auth, rate limit, concurrency, retry, audit). An
 * interceptor may change the call, call {@link Chain#proceed} zero or more times, and change or
 * replace the response. Implementations must be thread-safe: one instance serves every concurrent
 * call of its connection.
 */
@FunctionalInterface
public interface Interceptor {

  /**
   * Handles the call.
   *
   * @throws ConnectorException when the call fails and should not be answered
   */
  Response intercept(Chain chain);

  /** The rest of the chain, as seen by one interceptor. */
  interface Chain {
    /** The call as it stands at this point of the chain. */
    Call call();

    /** Name of the connection. */
    String connection();

    /** Passes {@code call} to the next interceptor (or the network) and returns its answer. */
    Response proceed(Call call);
  }
}
