package dev.junction.connect;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnectionFactory;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestConnControl;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.http.protocol.RequestUserAgent;
import org.apache.hc.core5.io.CloseMode;

/**
 * The network end of the chain: HTTP/1.1 with Apache HttpCore 5 (classic, blocking I/O on the
 * caller's virtual thread) over TLS 1.3/1.2 only with host name verification, and a pool of
 * kept-alive connections per origin ({@link ConnectionPool}); no automatic redirects, retries,
 * cookies or compression. Follows redirects only within the connection's origin; a redirect
 * elsewhere fails the call. Refuses calls to other origins. A call that has not received its last
 * byte within the request timeout is aborted.
 *
 * <p>Why not {@code java.net.http.HttpClient}, the first choice: it runs every exchange as a chain
 * of completion stages handed between its selector thread, its executor and the caller, which cost
 * 2–3× the client CPU per call of Apache's classic client against the sample ERP (junction-bench's
 * {@code httpclient} benchmark: 0.48 vs 0.14 ms at 32 concurrent calls, 0.21 vs 0.15 ms at 256); it
 * also sent {@code Content-Length: 0} on every GET. Why HttpCore rather than HttpClient 5's classic
 * client on top of it: the client's execution chain (route planning, a URI builder per request,
 * connection-manager leases through futures, context and configuration look-ups) cost more CPU per
 * call than the exchange itself — 308–352 vs 132–156 µs per call at 256 concurrent calls on a
 * loaded machine ({@code httpclient} benchmark, {@code hc5} vs {@code hc5-core}) — and none of what
 * it adds is used here: redirects, retries, authentication and cookies are the connector's own or
 * off.
 */
final class HttpTransport implements AutoCloseable {
  private static final int MAX_REDIRECTS = 5;
  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

  /** Bodies up to this announced length are read into an array of that length at once. */
  private static final long MAX_SIZED_BODY = 64L * 1024 * 1024;

  /** How long a connection is kept for reuse when the server does not say ({@code Keep-Alive}). */
  static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(3);

  /** A connection idle this long is checked before reuse: the server may have closed it. */
  static final Duration VALIDATE_AFTER_INACTIVITY = Duration.ofSeconds(1);

  private static final String[] TLS_VERSIONS = {"TLSv1.3", "TLSv1.2"};

  private final SSLSocketFactory tls;
  private final HttpRequestExecutor executor = new HttpRequestExecutor();
  private final HttpProcessor processor =
      HttpProcessorBuilder.create()
          .add(new RequestContent())
          .add(new RequestTargetHost())
          .add(new RequestConnControl())
          .add(new RequestUserAgent("Junction"))
          .build();
  private final DefaultBHttpClientConnectionFactory connections =
      DefaultBHttpClientConnectionFactory.builder().build();
  private final Map<String, ConnectionPool> pools = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor deadlines;
  private final String connection;
  private final int connectTimeoutMillis;
  private final Duration requestTimeout;
  private final int maxConnections;
  private final Set<String> redacted;

  HttpTransport(
      SSLContext ssl,
      String connection,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxConnections,
      Set<String> redacted) {
    this.tls = ssl.getSocketFactory();
    this.connection = connection;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    this.requestTimeout = requestTimeout;
    this.maxConnections = maxConnections;
    this.redacted = redacted;
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

  /**
   * What one exchange's deadline aborts: the socket being connected, then the connection in use.
   */
  private static final class Exchange implements Runnable {
    private volatile boolean expired;
    private volatile Closeable current;

    void using(Closeable c) throws InterruptedIOException {
      current = c;
      if (expired) {
        closeQuietly(c);
        throw new InterruptedIOException("request deadline passed");
      }
    }

    @Override
    public void run() {
      expired = true;
      Closeable c = current;
      if (c != null) closeQuietly(c);
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
    Exchange exchange = new Exchange();
    ScheduledFuture<?> deadline =
        deadlines.schedule(exchange, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    String origin = origin(uri);
    ConnectionPool pool =
        pools.computeIfAbsent(
            origin, k -> new ConnectionPool(maxConnections, VALIDATE_AFTER_INACTIVITY.toNanos()));
    HttpClientConnection conn = null;
    try {
      conn = pool.take();
      if (conn == null) conn = open(uri, exchange);
      exchange.using(conn);
      ClassicHttpRequest request = request(call, method, uri, body);
      HttpCoreContext context = HttpCoreContext.create();
      executor.preProcess(request, processor, context);
      Received received;
      boolean reuse;
      try (ClassicHttpResponse response = executor.execute(request, conn, context)) {
        executor.postProcess(response, processor, context);
        received = receive(response);
        reuse = executor.keepAlive(request, response, conn, context);
      }
      if (reuse) pool.give(conn, keepAliveNanos(received.headers()));
      else conn.close(CloseMode.GRACEFUL);
      conn = null;
      return received;
    } catch (IOException | HttpException | IllegalStateException e) {
      if (conn != null) conn.close(CloseMode.IMMEDIATE);
      if (exchange.expired || e instanceof SocketTimeoutException) {
        throw fail(call, "timed out after " + seconds(requestTimeout), 0, true, e);
      }
      if (Thread.currentThread().isInterrupted()) throw fail(call, "interrupted", 0, false, e);
      SSLException ssl = sslCause(e);
      if (ssl != null) throw fail(call, tlsMessage(uri, ssl), 0, false, e);
      if (e instanceof CannotConnect c) {
        throw fail(call, "cannot connect to " + origin + " (" + c.getCause() + ")", 0, true, e);
      }
      if (e instanceof InterruptedIOException) throw fail(call, "interrupted", 0, false, e);
      throw fail(call, "I/O error " + e, 0, true, e);
    } catch (RuntimeException e) {
      if (conn != null) conn.close(CloseMode.IMMEDIATE);
      throw e;
    } finally {
      deadline.cancel(false);
    }
  }

  /** A TCP connect that failed or timed out (not the request's deadline). */
  private static final class CannotConnect extends IOException {
    CannotConnect(IOException cause) {
      super(cause.toString(), cause);
    }
  }

  /** A new connection to {@code uri}'s origin: TCP, then TLS 1.3/1.2 with host name check. */
  private HttpClientConnection open(URI uri, Exchange exchange) throws IOException {
    String host = uri.getHost();
    int port = port(uri);
    Socket socket = new Socket();
    exchange.using(socket);
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(0); // the exchange's deadline closes the socket: see exchange()
      try {
        socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      } catch (ConnectException | SocketTimeoutException e) {
        if (exchange.expired) throw e;
        throw new CannotConnect(e);
      }
      if ("https".equalsIgnoreCase(uri.getScheme())) {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
        exchange.using(ssl);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setProtocols(TLS_VERSIONS);
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        return connections.createConnection(ssl, socket);
      }
      return connections.createConnection(socket);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  private static ClassicHttpRequest request(Call call, String method, URI uri, byte[] body) {
    String path = uri.getRawPath();
    if (path == null || path.isEmpty()) path = "/";
    String query = uri.getRawQuery();
    BasicClassicHttpRequest request =
        new BasicClassicHttpRequest(
            method,
            new HttpHost(uri.getScheme(), uri.getHost(), port(uri)),
            query == null ? path : path + "?" + query);
    for (Map.Entry<String, String> h : call.headers().entrySet()) {
      request.addHeader(h.getKey(), h.getValue());
    }
    if (body.length > 0 || WITH_BODY.contains(method)) {
      request.setEntity(new ByteArrayEntity(body, null));
    }
    return request;
  }

  /**
   * How long the server keeps the connection open ({@code Keep-Alive: timeout=N}), else {@link
   * #DEFAULT_KEEP_ALIVE}.
   */
  static long keepAliveNanos(Map<String, List<String>> headers) {
    List<String> values = headers.get("Keep-Alive");
    if (values != null) {
      for (String value : values) {
        for (String part : value.split(",")) {
          int eq = part.indexOf('=');
          if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("timeout")) {
            try {
              return TimeUnit.SECONDS.toNanos(Long.parseLong(part.substring(eq + 1).trim()));
            } catch (NumberFormatException ignored) {
              // not a number: the default
            }
          }
        }
      }
    }
    return DEFAULT_KEEP_ALIVE.toNanos();
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
   * bodies that are mostly a few hundred bytes); a body shorter than its length fails.
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

  private static void closeQuietly(Closeable c) {
    try {
      if (c instanceof HttpClientConnection h) h.close(CloseMode.IMMEDIATE);
      else c.close();
    } catch (IOException | RuntimeException ignored) {
      // already closed or broken: nothing more to release
    }
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
    pools.values().forEach(ConnectionPool::close);
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
