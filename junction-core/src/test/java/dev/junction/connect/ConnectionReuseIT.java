package dev.junction.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.RetryConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnectionFactory;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kept-alive connections: reused call after call, not reused when the server says so, and a pooled
 * connection the server closed meanwhile is dropped instead of failing the next call. Served by a
 * raw loopback socket server that counts the connections it accepts and can answer each request
 * with extra headers.
 */
class ConnectionReuseIT {

  /** Answers every request with a small JSON body and {@code headers}; counts connections. */
  private static final class CountingServer implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final AtomicInteger accepted = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final String headers;
    private final Thread acceptor;

    CountingServer(String headers) throws IOException {
      this.headers = headers;
      this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          accepted.incrementAndGet();
          Thread.ofVirtual().start(() -> serve(s));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s;
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream()) {
        while (true) {
          String head = readHead(in);
          if (head == null) return;
          requests.add(head);
          byte[] body = "[]".getBytes(StandardCharsets.US_ASCII);
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.length
                      + "\r\n"
                      + headers
                      + "\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          if (headers.contains("Connection: close")) return;
        }
      } catch (IOException e) {
        // the client closed the connection
      }
    }

    /** One request's head (a GET has no body), or null at the end of the connection. */
    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      for (int b; (b = in.read()) >= 0; ) {
        head.write(b);
        matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        if (matched == 4) return head.toString(StandardCharsets.US_ASCII);
      }
      return null;
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/api");
    }

    @Override
    public void close() throws Exception {
      socket.close();
      acceptor.join(5_000);
    }
  }

  private static Connector connector(URI base) {
    return Connector.builder("erp", base)
        .retry(RetryConfig.none())
        .requestTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void keptAliveConnectionIsReusedCallAfterCall() throws Exception {
    try (CountingServer server = new CountingServer("");
        Connector c = connector(server.base())) {
      for (int i = 0; i < 5; i++) {
        assertThat(c.send(Call.get(c.resolve("/orders?page=" + i))).bodyText()).isEqualTo("[]");
      }
      assertThat(server.accepted).hasValue(1);
      assertThat(server.requests).hasSize(5);
      assertThat(server.requests.getFirst())
          .startsWith("GET /api/orders?page=0 HTTP/1.1\r\n")
          .contains("Host: 127.0.0.1:" + server.socket.getLocalPort() + "\r\n")
          .contains("User-Agent: Junction\r\n")
          .doesNotContain("Content-Length");
    }
  }

  /** The server says not to reuse: {@code Connection: close}, or a keep-alive timeout of 0 s. */
  @ParameterizedTest
  @ValueSource(strings = {"Connection: close\r\n", "Keep-Alive: timeout=0\r\n"})
  void connectionIsNotReusedWhenTheServerSaysSo(String header) throws Exception {
    try (CountingServer server = new CountingServer(header);
        Connector c = connector(server.base())) {
      for (int i = 0; i < 3; i++) {
        assertThat(c.send(Call.get(c.resolve("/orders"))).status()).isEqualTo(200);
      }
      assertThat(server.accepted).hasValue(3);
    }
  }

  /**
   * A loopback TCP connection, both ends: {@code connection} is HttpCore's client side, {@code
   * accepted} the server's socket for it.
   */
  private static final class SocketPair implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    final Socket accepted = server.accept();
    final HttpClientConnection connection =
        DefaultBHttpClientConnectionFactory.builder().build().createConnection(client);

    SocketPair() throws IOException {}

    @Override
    public void close() throws IOException {
      try (server;
          client;
          accepted) {
        // closes all three
      }
    }
  }

  @Test
  void pooledConnectionTheServerClosedIsDroppedOnTake() throws Exception {
    try (SocketPair pair = new SocketPair()) {
      // validate every connection before reuse, however short its idle time
      ConnectionPool pool = new ConnectionPool(8, 0);
      pool.give(pair.connection, Duration.ofMinutes(1).toNanos());
      pair.accepted.close();
      assertThat(pool.take()).isNull();
      assertThat(pair.connection.isOpen()).isFalse();
    }
  }

  @Test
  void pooledConnectionStillOpenIsTakenAgain() throws Exception {
    try (SocketPair pair = new SocketPair()) {
      ConnectionPool pool = new ConnectionPool(8, 0);
      pool.give(pair.connection, Duration.ofMinutes(1).toNanos());
      assertThat(pool.take()).isSameAs(pair.connection);
      assertThat(pool.take()).isNull();
      assertThat(pair.accepted.isClosed()).isFalse();
    }
  }
}
