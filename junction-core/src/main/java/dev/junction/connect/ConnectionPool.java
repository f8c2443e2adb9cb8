package dev.junction.connect;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.io.CloseMode;

/**
 * The kept-alive connections to one origin that no call is using. Last in, first out: the
 * connection a call takes is the one used most recently, so the least used ones age at the far end,
 * where each release closes those past their keep-alive. A connection idle longer than {@link
 * #validateAfterNanos} is checked before reuse (the server may have closed it meanwhile). Holds at
 * most {@code maxIdle} connections; a connection released beyond that is closed.
 *
 * <p>Thread-safe and lock-free: calls on many virtual threads take and return connections at once.
 */
final class ConnectionPool implements AutoCloseable {
  private record Idle(HttpClientConnection connection, long since, long expires) {}

  private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int maxIdle;
  private final long validateAfterNanos;
  private volatile boolean closed;

  ConnectionPool(int maxIdle, long validateAfterNanos) {
    this.maxIdle = maxIdle;
    this.validateAfterNanos = validateAfterNanos;
  }

  /**
   * A kept-alive connection, still open and within its keep-alive, or null when there is none (the
   * caller opens a new one).
   */
  HttpClientConnection take() {
    for (Idle i; (i = idle.pollFirst()) != null; ) {
      size.decrementAndGet();
      long now = System.nanoTime();
      HttpClientConnection c = i.connection();
      if (now - i.expires() >= 0 || !c.isOpen()) {
        c.close(CloseMode.IMMEDIATE);
        continue;
      }
      if (now - i.since() >= validateAfterNanos && stale(c)) {
        c.close(CloseMode.IMMEDIATE);
        continue;
      }
      return c;
    }
    return null;
  }

  /** Gives back a connection that may carry the next call for {@code keepAliveNanos} from now. */
  void give(HttpClientConnection connection, long keepAliveNanos) {
    long now = System.nanoTime();
    if (closed || keepAliveNanos <= 0) {
      connection.close(CloseMode.IMMEDIATE);
      return;
    }
    if (size.incrementAndGet() > maxIdle) {
      size.decrementAndGet();
      connection.close(CloseMode.IMMEDIATE);
      return;
    }
    idle.addFirst(new Idle(connection, now, now + keepAliveNanos));
    // the far end holds the connections used least recently: close those past their keep-alive
    for (Idle oldest; (oldest = idle.peekLast()) != null && now - oldest.expires() >= 0; ) {
      if (idle.removeLastOccurrence(oldest)) {
        size.decrementAndGet();
        oldest.connection().close(CloseMode.IMMEDIATE);
      }
    }
    if (closed) close();
  }

  private static boolean stale(HttpClientConnection c) {
    try {
      return c.isStale();
    } catch (java.io.IOException e) {
      return true;
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Idle i; (i = idle.pollFirst()) != null; ) {
      size.decrementAndGet();
      i.connection().close(CloseMode.GRACEFUL);
    }
  }
}
