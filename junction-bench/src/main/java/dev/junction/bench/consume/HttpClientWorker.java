package dev.junction.bench.consume;

import dev.junction.connect.Call;
import dev.junction.connect.Connector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One measured run of {@link HttpClientBench} in a fresh JVM: {@code calls} GETs of order lines at
 * {@code concurrency} virtual threads with one HTTP client, after a warm-up of the same shape.
 * Prints one {@code RESULT} line.
 *
 * <p>Args: {@code <client> <ERP base URL> <orders> <calls> <concurrency> <warmup calls>}.
 */
public final class HttpClientWorker {
  private HttpClientWorker() {}

  /** A blocking GET that returns the body's length. */
  interface Client extends AutoCloseable {
    int get(URI uri) throws Exception;

    @Override
    void close() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Measure.quietLogs();
    String name = args[0];
    URI base = URI.create(args[1]);
    int orders = Integer.parseInt(args[2]);
    int calls = Integer.parseInt(args[3]);
    int concurrency = Integer.parseInt(args[4]);
    int warmup = Integer.parseInt(args[5]);
    List<URI> uris = new ArrayList<>(orders);
    for (int i = 1; i <= orders; i++) {
      uris.add(
          URI.create(base + "/api/orders/SO" + String.format("%08d", i) + "/lines?limit=1000"));
    }
    try (Client client = client(name, base, concurrency)) {
      round(client, uris, warmup, concurrency);
      System.out.println("WARM");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in)).readLine();
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      long bytes = round(client, uris, calls, concurrency);
      long wall = (System.nanoTime() - t0) / 1_000_000;
      long cpu = (cpuNanos() - cpu0) / 1_000_000;
      System.out.printf(Locale.ROOT, "RESULT wall_ms=%d cpu_ms=%d bytes=%d%n", wall, cpu, bytes);
    }
  }

  private static long round(Client client, List<URI> uris, int calls, int concurrency)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    List<Thread> threads = new ArrayList<>(concurrency);
    for (int t = 0; t < concurrency; t++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i; (i = next.getAndIncrement()) < calls; ) {
                      try {
                        bytes.addAndGet(client.get(uris.get(i % uris.size())));
                      } catch (Exception e) {
                        if (failures.incrementAndGet() == 1) e.printStackTrace();
                      }
                    }
                  }));
    }
    for (Thread t : threads) t.join();
    if (failures.get() > 0) throw new IllegalStateException(failures + " calls failed");
    return bytes.get();
  }

  static Client client(String name, URI base, int concurrency) throws Exception {
    return switch (name) {
      case "jdk" -> jdk(null);
      case "jdk-direct" -> jdk(Runnable::run);
      case "junction" -> junction(base, concurrency);
      case "jetty" -> jetty(concurrency, false);
      case "jetty-vt" -> jetty(concurrency, true);
      case "hc5" -> hc5(concurrency);
      case "hc5-core" -> hc5Core(base);
      case "raw" -> raw(base);
      default -> throw new IllegalArgumentException("unknown client " + name);
    };
  }

  private static Client jdk(java.util.concurrent.Executor executor) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10));
    if (executor != null) b.executor(executor);
    HttpClient http = b.build();
    return new Client() {
      @Override
      public int get(URI uri) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body()
            .length;
      }

      @Override
      public void close() {
        http.close();
      }
    };
  }

  private static Client junction(URI base, int concurrency) {
    Connector connector =
        Connector.builder("erp", base)
            .maxConcurrency(concurrency)
            .requestTimeout(Duration.ofSeconds(60))
            .build();
    return new Client() {
      @Override
      public int get(URI uri) {
        return connector.send(Call.get(uri)).body().length;
      }

      @Override
      public void close() {
        connector.close();
      }
    };
  }

  private static Client jetty(int concurrency, boolean virtual) throws Exception {
    org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
    http.setFollowRedirects(false);
    http.setMaxConnectionsPerDestination(Math.max(64, concurrency));
    http.setMaxRequestsQueuedPerDestination(Math.max(1024, concurrency * 4));
    http.setConnectTimeout(10_000);
    if (virtual) {
      org.eclipse.jetty.util.thread.QueuedThreadPool pool =
          new org.eclipse.jetty.util.thread.QueuedThreadPool();
      pool.setVirtualThreadsExecutor(
          java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
      http.setExecutor(pool);
    }
    http.start();
    return new Client() {
      @Override
      public int get(URI uri) throws Exception {
        return http.newRequest(uri).timeout(60, TimeUnit.SECONDS).send().getContent().length;
      }

      @Override
      public void close() throws Exception {
        http.stop();
      }
    };
  }

  private static Client hc5(int concurrency) {
    var pool =
        org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(Math.max(64, concurrency))
            .setMaxConnPerRoute(Math.max(64, concurrency))
            .build();
    var http =
        org.apache.hc.client5.http.impl.classic.HttpClients.custom()
            .setConnectionManager(pool)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .build();
    return new Client() {
      @Override
      public int get(URI uri) throws Exception {
        return http.execute(
            new org.apache.hc.client5.http.classic.methods.HttpGet(uri),
            r -> org.apache.hc.core5.http.io.entity.EntityUtils.toByteArray(r.getEntity()).length);
      }

      @Override
      public void close() throws Exception {
        http.close();
      }
    };
  }

  /**
   * HttpCore 5 alone (no HttpClient exec chain): its request executor and connection over a plain
   * socket, and a LIFO deque of kept-alive connections to the one origin.
   */
  private static Client hc5Core(URI base) {
    var executor = new org.apache.hc.core5.http.impl.io.HttpRequestExecutor();
    var processor =
        org.apache.hc.core5.http.protocol.HttpProcessorBuilder.create()
            .add(new org.apache.hc.core5.http.protocol.RequestTargetHost())
            .add(new org.apache.hc.core5.http.protocol.RequestConnControl())
            .add(new org.apache.hc.core5.http.protocol.RequestUserAgent("Junction"))
            .build();
    var factory =
        org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnectionFactory.builder().build();
    var idle =
        new java.util.concurrent.ConcurrentLinkedDeque<
            org.apache.hc.core5.http.io.HttpClientConnection>();
    var host =
        new org.apache.hc.core5.http.HttpHost(base.getScheme(), base.getHost(), base.getPort());
    return new Client() {
      @Override
      public int get(URI uri) throws Exception {
        var conn = idle.pollFirst();
        if (conn == null) conn = factory.createConnection(connect(base));
        var request =
            new org.apache.hc.core5.http.message.BasicClassicHttpRequest(
                "GET", host, uri.getRawPath() + "?" + uri.getRawQuery());
        var context = org.apache.hc.core5.http.protocol.HttpCoreContext.create();
        executor.preProcess(request, processor, context);
        try (var response = executor.execute(request, conn, context)) {
          executor.postProcess(response, processor, context);
          byte[] body =
              org.apache.hc.core5.http.io.entity.EntityUtils.toByteArray(response.getEntity());
          if (executor.keepAlive(request, response, conn, context)) idle.addFirst(conn);
          else conn.close();
          return body.length;
        }
      }

      @Override
      public void close() throws Exception {
        for (var c : idle) c.close();
      }
    };
  }

  /** A plain TCP connection to {@code base}'s host and port, Nagle off (both bare clients). */
  private static java.net.Socket connect(URI base) throws java.io.IOException {
    java.net.Socket socket = new java.net.Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
    return socket;
  }

  /**
   * A floor, not a client: a hand-written HTTP/1.1 GET on kept-alive blocking sockets that expects
   * the ERP's Content-Length answers (no chunking, no TLS, no error handling).
   */
  private static Client raw(URI base) {
    record Conn(
        java.net.Socket socket, java.io.InputStream in, java.io.OutputStream out, byte[] buf) {}
    var idle = new java.util.concurrent.ConcurrentLinkedDeque<Conn>();
    String hostHeader = base.getHost() + ":" + base.getPort();
    return new Client() {
      @Override
      public int get(URI uri) throws Exception {
        Conn c = idle.pollFirst();
        if (c == null) {
          java.net.Socket s = connect(base);
          c = new Conn(s, s.getInputStream(), s.getOutputStream(), new byte[65536]);
        }
        String req =
            "GET "
                + uri.getRawPath()
                + "?"
                + uri.getRawQuery()
                + " HTTP/1.1\r\nHost: "
                + hostHeader
                + "\r\nUser-Agent: Junction\r\n\r\n";
        c.out().write(req.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        byte[] buf = c.buf();
        int n = 0;
        int headerEnd = -1;
        long length = -1;
        while (true) {
          int r = c.in().read(buf, n, buf.length - n);
          if (r < 0) throw new java.io.EOFException();
          n += r;
          if (headerEnd < 0) {
            for (int i = 3; i < n; i++) {
              if (buf[i] == '\n'
                  && buf[i - 1] == '\r'
                  && buf[i - 2] == '\n'
                  && buf[i - 3] == '\r') {
                headerEnd = i + 1;
                break;
              }
            }
            if (headerEnd >= 0) {
              String head =
                  new String(buf, 0, headerEnd, java.nio.charset.StandardCharsets.ISO_8859_1);
              int at = head.toLowerCase(Locale.ROOT).indexOf("content-length:");
              int eol = head.indexOf('\r', at);
              length = Long.parseLong(head.substring(at + 15, eol).trim());
            }
          }
          if (headerEnd >= 0 && n - headerEnd >= length) break;
        }
        byte[] body = java.util.Arrays.copyOfRange(buf, headerEnd, headerEnd + (int) length);
        idle.addFirst(c);
        return body.length;
      }

      @Override
      public void close() throws Exception {
        for (Conn c : idle) c.socket().close();
      }
    };
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
