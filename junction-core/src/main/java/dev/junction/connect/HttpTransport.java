package dev.junction.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The network end of the chain: one Apache HttpClient 5 (classic, blocking I/O on the caller's
 * virtual thread) per connection, speaking HTTP/1.1 over TLS 1.3/1.2 only with host name
 * verification, a pool of kept-alive connections, and no automatic redirects, retries, cookies or
 * compression. Follows redirects only within the connection's origin; a redirect elsewhere fails
 * the call. Refuses calls to other origins. A call that has not received its last byte within the
 * request timeout is aborted.
 *
 * <p>Why not {@code java.net.http.HttpClient}, the first choice: it runs every exchange as a chain
 * of completion stages handed between its selector thread, its executor and the caller, which cost
 * 2–3× the client CPU per call of this client against the sample ERP (junction-bench's {@code
 * httpclient} benchmark: 0.48 vs 0.14 ms at 32 concurrent calls, 0.21 vs 0.15 ms at 256); it also
 * sent {@code Content-Length: 0} on every GET.
 */
final class HttpTransport implements AutoCloseable {
  private static final int MAX_REDIRECTS = 5;
  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

  /** Bodies up to this announced length are read into an array of that length at once. */
  private static final long MAX_SIZED_BODY = 64L * 1024 * 1024;

  private final CloseableHttpClient client;
  private final ScheduledThreadPoolExecutor deadlines;
  private final String connection;
  private final Duration requestTimeout;
  private final Set<String> redacted;

  HttpTransport(
      SSLContext ssl,
      String connection,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxConnections,
      Set<String> redacted) {
    this.connection = connection;
    this.requestTimeout = requestTimeout;
    this.redacted = redacted;
    Timeout connect = Timeout.of(connectTimeout);
    Timeout request = Timeout.of(requestTimeout);
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setTlsSocketStrategy(
                        ClientTlsStrategyBuilder.create()
                            .setSslContext(ssl)
                            .setTlsVersions(TLS.V_1_3, TLS.V_1_2)
                            .setHostVerificationPolicy(HostnameVerificationPolicy.BUILTIN)
                            .buildClassic())
                    .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                    .setMaxConnPerRoute(maxConnections)
                    .setMaxConnTotal(maxConnections)
                    .setDefaultSocketConfig(
                        SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(request).build())
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(connect)
                            .setSocketTimeout(request)
                            // a connection idle this long is checked before reuse: the server may
                            // have closed it meanwhile
                            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(connect)
                    .setResponseTimeout(request)
                    .setRedirectsEnabled(false)
                    .setAuthenticationEnabled(false)
                    .setContentCompressionEnabled(false)
                    .setProtocolUpgradeEnabled(false)
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableContentCompression()
            .disableConnectionState()
            .setUserAgent("Junction")
            .build();
    this.deadlines =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("junction-http-deadline-" + connection).factory());
    deadlines.setRemoveOnCancelPolicy(true);
  }

  /** One answer as received. */
  private record Received(int status, Map<String, List<String>> headers, byte[] body) {
    String location() {
      List<String> values = headers.get("Location");
      return values == null || values.isEmpty() ? null : values.getFirst();
    }
  }

  /** Sends {@code call}; {@code origin} (nullable) is the only origin it may reach. */
  Response send(Call call, URI origin) {
    if (origin != null && !sameOrigin(origin, call.uri())) {
      throw fail(
          call,
          "refused to call "
              + Redaction.url(call.uri(), redacted)
              + ", which is not on the connection's origin "
              + origin(origin),
          0,
          false,
          null);
    }
    URI uri = call.uri();
    String method = call.method();
    byte[] body = call.body();
    for (int hop = 0; ; hop++) {
      Received response = exchange(call, method, uri, body);
      int status = response.status();
      if (status >= 300 && status < 400 && response.location() != null) {
        URI target = uri.resolve(response.location());
        if (!sameOrigin(uri, target)) {
          throw fail(
              call,
              "HTTP " + status + " redirect to another host (" + origin(target) + ") not followed",
              status,
              false,
              null);
        }
        if (hop >= MAX_REDIRECTS) {
          throw fail(call, "more than " + MAX_REDIRECTS + " redirects", status, false, null);
        }
        if (status == 303 || ((status == 301 || status == 302) && !method.equals("GET"))) {
          method = "GET";
          body = new byte[0];
        }
        uri = target;
        continue;
      }
      return new Response(status, response.headers(), response.body(), uri, 1);
    }
  }

  /** One request and its whole answer, aborted when the request timeout passes. */
  private Received exchange(Call call, String method, URI uri, byte[] body) {
    HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
    for (Map.Entry<String, String> h : call.headers().entrySet()) {
      request.addHeader(h.getKey(), h.getValue());
    }
    if (body.length > 0 || WITH_BODY.contains(method)) {
      request.setEntity(new ByteArrayEntity(body, null));
    }
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () -> {
              expired.set(true);
              request.cancel();
            },
            requestTimeout.toNanos(),
            TimeUnit.NANOSECONDS);
    try {
      return client.execute(request, HttpTransport::receive);
    } catch (IOException | IllegalStateException e) {
      if (expired.get() || e instanceof SocketTimeoutException) {
        throw fail(call, "timed out after " + seconds(requestTimeout), 0, true, e);
      }
      if (Thread.currentThread().isInterrupted()) throw fail(call, "interrupted", 0, false, e);
      SSLException ssl = sslCause(e);
      if (ssl != null) throw fail(call, tlsMessage(uri, ssl), 0, false, e);
      if (e instanceof ConnectException || e instanceof ConnectTimeoutException) {
        throw fail(call, "cannot connect to " + origin(uri) + " (" + e + ")", 0, true, e);
      }
      if (e instanceof InterruptedIOException) throw fail(call, "interrupted", 0, false, e);
      throw fail(call, "I/O error " + e, 0, true, e);
    } finally {
      deadline.cancel(false);
    }
  }

  private static Received receive(ClassicHttpResponse response) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Header h : response.getHeaders()) {
      headers.computeIfAbsent(h.getName(), k -> new ArrayList<>(1)).add(h.getValue());
    }
    return new Received(response.getCode(), headers, body(response.getEntity()));
  }

  /**
   * The whole body: read straight into an array of its announced length when there is one
   * (EntityUtils.toByteArray allocates a 4 KiB copy buffer and a growable buffer per call, for
   * bodies that are mostly a few hundred bytes); a body shorter than its length fails as before.
   */
  private static byte[] body(HttpEntity entity) throws IOException {
    if (entity == null) return new byte[0];
    long length = entity.getContentLength();
    if (length < 0 || length > MAX_SIZED_BODY) return EntityUtils.toByteArray(entity);
    try (InputStream in = entity.getContent()) {
      if (in == null) return new byte[0];
      byte[] body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new ConnectionClosedException(
            "Premature end of Content-Length delimited message body (expected: %d; received: %d)",
            length, body.length);
      }
      return body;
    }
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    client.close(CloseMode.GRACEFUL);
  }

  private ConnectorException fail(
      Call call, String what, int status, boolean retriable, Throwable cause) {
    return new ConnectorException(what, connection, status, 1, retriable, cause);
  }

  private static SSLException sslCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException s) return s;
    }
    return null;
  }

  private static String tlsMessage(URI uri, SSLException e) {
    String detail = String.valueOf(e.getMessage());
    String lower = detail.toLowerCase(Locale.ROOT);
    String reason;
    if (lower.contains("protocol")) {
      reason = "the server offers no TLS 1.2 or 1.3";
    } else if (lower.contains("subject alternative") || lower.contains("no name matching")) {
      reason = "the server's certificate does not match host name " + uri.getHost();
    } else if (lower.contains("pkix") || lower.contains("certification path")) {
      reason = "the server's certificate is not trusted by the connection's trust store";
    } else {
      reason = "handshake failed";
    }
    return "TLS with "
        + origin(uri)
        + " refused: "
        + reason
        + " ("
        + detail
        + "); Junction requires TLS 1.2 or 1.3 and a trusted certificate matching the host name";
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) return u.getPort();
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  static String origin(URI u) {
    return u.getScheme() + "://" + u.getHost() + ":" + port(u);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
