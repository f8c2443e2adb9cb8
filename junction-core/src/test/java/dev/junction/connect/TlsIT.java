package dev.junction.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS policy against real local TLS servers with self-signed test certificates ({@code
 * src/test/resources/tls}): TLS 1.1 refused, custom trust store honoured, wrong host name and
 * untrusted certificate refused.
 */
class TlsIT {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private static KeyStore goodKeys;
  private static KeyStore wrongHostKeys;
  private static KeyStore trust;

  @BeforeAll
  static void certificates() throws Exception {
    goodKeys = load("good.p12");
    wrongHostKeys = load("wrong.p12");
    trust = load("trust.p12");
  }

  private static KeyStore load(String name) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = TlsIT.class.getResourceAsStream("/tls/" + name)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  /** A minimal HTTPS server answering {@code []} to every request, with only {@code protocols}. */
  private static final class TlsServer implements AutoCloseable {
    final SSLServerSocket socket;

    TlsServer(KeyStore keys, String... protocols) throws Exception {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      socket =
          (SSLServerSocket)
              ctx.getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
      socket.setEnabledProtocols(protocols);
      Thread.ofVirtual().start(this::serve);
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          String line;
          while ((line = in.readLine()) != null && !line.isEmpty()) {
            // headers
          }
          OutputStream out = s.getOutputStream();
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException handshakeOrClose) {
          // the client refused the handshake, or the server is closing
        }
      }
    }

    URI uri() {
      return URI.create("https://127.0.0.1:" + socket.getLocalPort() + "/api");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static Connector connector(URI base, KeyStore trustStore) {
    return Connector.builder("erp", base)
        .trustStore(trustStore)
        .retry(dev.junction.config.RetryConfig.none())
        .requestTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void trustedCertificateFromCustomTrustStoreIsAccepted() throws Exception {
    try (TlsServer server = new TlsServer(goodKeys, "TLSv1.3", "TLSv1.2");
        Connector c = connector(server.uri(), trust)) {
      Response r = c.send(Call.get(c.resolve("/orders")));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.bodyText()).isEqualTo("[]");
    }
  }

  @Test
  void tls12OnlyServerIsAccepted() throws Exception {
    try (TlsServer server = new TlsServer(goodKeys, "TLSv1.2");
        Connector c = connector(server.uri(), trust)) {
      assertThat(c.send(Call.get(c.resolve("/orders"))).status()).isEqualTo(200);
    }
  }

  @Test
  void tls11OnlyServerIsRefusedWithAClearError() throws Exception {
    try (TlsServer server = new TlsServer(goodKeys, "TLSv1.1");
        Connector c = connector(server.uri(), trust)) {
      assertThatThrownBy(() -> c.send(Call.get(c.resolve("/orders"))))
          .isInstanceOfSatisfying(
              ConnectorException.class, e -> assertThat(e.retriable()).isFalse())
          .hasMessageContaining(
              "TLS with https://127.0.0.1:" + server.socket.getLocalPort() + " refused")
          .hasMessageContaining("the server offers no TLS 1.2 or 1.3")
          .hasMessageContaining("Junction requires TLS 1.2 or 1.3");
    }
  }

  @Test
  void tls11ServerIsReachableByAClientThatAllowsIt() throws Exception {
    // Control for the test above: the TLS 1.1 server works, so the refusal is the connector's
    // policy.
    try (TlsServer server = new TlsServer(goodKeys, "TLSv1.1")) {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      try (SSLSocket s =
          (SSLSocket)
              ctx.getSocketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), server.socket.getLocalPort())) {
        s.setEnabledProtocols(new String[] {"TLSv1.1"});
        s.startHandshake();
        assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.1");
      }
    }
  }

  @Test
  void wrongHostNameIsRefused() throws Exception {
    try (TlsServer server = new TlsServer(wrongHostKeys, "TLSv1.3", "TLSv1.2");
        Connector c = connector(server.uri(), trust)) {
      assertThatThrownBy(() -> c.send(Call.get(c.resolve("/orders"))))
          .isInstanceOfSatisfying(
              ConnectorException.class, e -> assertThat(e.retriable()).isFalse())
          .hasMessageContaining("does not match host name 127.0.0.1");
    }
  }

  @Test
  void untrustedCertificateIsRefused() throws Exception {
    try (TlsServer server = new TlsServer(goodKeys, "TLSv1.3", "TLSv1.2");
        Connector c = connector(server.uri(), null)) {
      assertThatThrownBy(() -> c.send(Call.get(c.resolve("/orders"))))
          .isInstanceOfSatisfying(
              ConnectorException.class, e -> assertThat(e.retriable()).isFalse())
          .hasMessageContaining("not trusted by the connection's trust store");
    }
  }
}
