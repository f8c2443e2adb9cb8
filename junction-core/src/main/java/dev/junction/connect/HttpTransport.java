package dev.junction.connect;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The network end of the chain: one {@link HttpClient} per connection (TLS 1.3/1.2 only, no
 * automatic redirects). Follows redirects only within the connection's origin; a redirect elsewhere
 * fails the call. Refuses calls to other origins.
 */
final class HttpTransport {
  private static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final String connection;
  private final Duration requestTimeout;
  private final Set<String> redacted;

  HttpTransport(
      HttpClient client, String connection, Duration requestTimeout, Set<String> redacted) {
    this.client = client;
    this.connection = connection;
    this.requestTimeout = requestTimeout;
    this.redacted = redacted;
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
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(requestTimeout)
              .method(
                  method,
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, String> h : call.headers().entrySet()) {
        request.header(h.getKey(), h.getValue());
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (HttpTimeoutException e) {
        throw fail(call, "timed out after " + seconds(requestTimeout), 0, true, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw fail(call, "interrupted", 0, false, e);
      } catch (IOException e) {
        SSLException ssl = sslCause(e);
        if (ssl != null) throw fail(call, tlsMessage(uri, ssl), 0, false, e);
        if (e instanceof ConnectException) {
          throw fail(call, "cannot connect to " + origin(uri) + " (" + e + ")", 0, true, e);
        }
        throw fail(call, "I/O error " + e, 0, true, e);
      }
      int status = response.statusCode();
      if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
        URI target = uri.resolve(response.headers().firstValue("Location").get());
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
      return new Response(status, response.headers().map(), response.body(), uri, 1);
    }
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
