package dev.junction.erp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts one {@link ChangeNotification} per change to every registered URL, as {@link
 * CallbackDelivery} says. Sequence numbers are assigned under this object's lock, in the order the
 * changes committed. Failed deliveries are counted and not retried.
 */
final class CallbackDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);

  private final JsonMapper json;
  private final CallbackDelivery delivery;
  private final InstantSource clock;
  private final List<URI> urls = new CopyOnWriteArrayList<>();
  private final Map<URI, ExecutorService> orderedLanes = new ConcurrentHashMap<>();
  private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService flusher;
  private final HttpClient client;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final List<ChangeNotification> window = new ArrayList<>();
  private ScheduledFuture<?> pendingFlush;

  CallbackDispatcher(JsonMapper json, CallbackDelivery delivery, InstantSource clock) {
    this.json = json;
    this.delivery = delivery;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .executor(virtualThreads)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("erp-callback-flush").factory());
  }

  void register(URI url) {
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw ErpProblem.badRequest("Callback URL must be http or https, was '" + url + "'");
    }
    if (!urls.contains(url)) {
      urls.add(url);
    }
  }

  List<URI> urls() {
    return List.copyOf(urls);
  }

  void clear() {
    urls.clear();
  }

  long delivered() {
    return delivered.get();
  }

  long failed() {
    return failed.get();
  }

  CallbackDelivery delivery() {
    return delivery;
  }

  /** Records a committed change; call while holding the lock that ordered the commit. */
  synchronized void publish(
      String entity, String id, String operation, long version, Instant lastModified) {
    ChangeNotification n =
        new ChangeNotification(
            sequence.incrementAndGet(), entity, id, operation, version, lastModified);
    if (urls.isEmpty()) {
      return;
    }
    if (delivery.reorderWindow() <= 1) {
      send(List.of(n));
      return;
    }
    window.add(n);
    if (window.size() >= delivery.reorderWindow()) {
      flush();
    } else if (pendingFlush == null) {
      pendingFlush =
          flusher.schedule(this::flush, delivery.flushAfter().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void flush() {
    if (pendingFlush != null) {
      pendingFlush.cancel(false);
      pendingFlush = null;
    }
    if (window.isEmpty()) {
      return;
    }
    List<ChangeNotification> batch = new ArrayList<>(window);
    window.clear();
    Collections.reverse(batch);
    send(batch);
  }

  private void send(List<ChangeNotification> batch) {
    for (URI url : urls) {
      for (ChangeNotification n : batch) {
        Runnable post = () -> post(url, n);
        if (delivery.concurrent()) {
          virtualThreads.execute(post);
        } else {
          orderedLanes
              .computeIfAbsent(
                  url, u -> Executors.newSingleThreadExecutor(Thread.ofVirtual().factory()))
              .execute(post);
        }
      }
    }
  }

  private void post(URI url, ChangeNotification n) {
    try {
      byte[] body = json.writeValueAsBytes(n);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(url)
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json")
              .header("X-Erp-Event-Id", Long.toString(n.sequence()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (delivery.secret() != null) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        request.header("X-Erp-Timestamp", timestamp);
        request.header("X-Erp-Signature", "sha256=" + sign(delivery.secret(), timestamp, body));
      }
      HttpResponse<Void> response =
          client.send(request.build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        delivered.incrementAndGet();
      } else {
        failed.incrementAndGet();
        LOG.debug("Callback {} answered {} to change {}", url, response.statusCode(), n.sequence());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed.incrementAndGet();
    } catch (Exception e) {
      failed.incrementAndGet();
      LOG.debug("Callback {} failed for change {}: {}", url, n.sequence(), e.toString());
    }
  }

  /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"}; public so receivers can verify the same. */
  static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    orderedLanes.values().forEach(ExecutorService::shutdownNow);
    virtualThreads.shutdownNow();
    client.shutdownNow();
  }
}
