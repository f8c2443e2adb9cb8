package dev.junction.connect;

import java.util.concurrent.Semaphore;

/** At most {@code max} calls of the connection on the wire at once (fair, first come first in). */
final class ConcurrencyInterceptor implements Interceptor {
  private final Semaphore permits;

  ConcurrencyInterceptor(int max) {
    if (max < 1) throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + max);
    this.permits = new Semaphore(max, true);
  }

  @Override
  public Response intercept(Chain chain) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(
          "Connection '" + chain.connection() + "' " + chain.call() + ": interrupted while waiting",
          chain.connection(),
          0,
          1,
          false,
          e);
    }
    try {
      return chain.proceed(chain.call());
    } finally {
      permits.release();
    }
  }
}
