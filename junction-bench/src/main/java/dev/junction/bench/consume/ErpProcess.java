package dev.junction.bench.consume;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample ERP in its own JVM (this benchmark jar's classpath), so the client under test and the
 * server do not share a heap, a JIT or a garbage collector. On a machine with two or more cores and
 * {@code taskset} present, the ERP is pinned to the last core and {@link #pinClient} pins a client
 * JVM to the others, so client and server do not take each other's CPU.
 */
final class ErpProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  private final Process process;
  private final URI baseUrl;

  private ErpProcess(Process process, URI baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /** Starts {@code dev.junction.erp.SampleErp} with {@code erpArgs} on a free port. */
  static ErpProcess start(String heap, List<String> erpArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (pinning()) cmd.addAll(List.of("taskset", "-c", Integer.toString(cores() - 1)));
    cmd.addAll(javaCommand(heap));
    cmd.add("dev.junction.erp.SampleErp");
    cmd.addAll(List.of("--port", "0"));
    cmd.addAll(erpArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String line;
    while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain =
            Thread.ofPlatform()
                .daemon()
                .start(
                    () -> {
                      try {
                        while (out.readLine() != null) {
                          // discard: keeps the ERP from blocking on a full pipe
                        }
                      } catch (IOException ignored) {
                        // the ERP stopped
                      }
                    });
        drain.setName("erp-output");
        return new ErpProcess(p, URI.create(m.group(1)));
      }
    }
    p.destroyForcibly();
    throw new IOException("the sample ERP did not start (no 'listening on' line)");
  }

  /** CPU time the ERP process used so far, in milliseconds. */
  long cpuMillis() {
    return process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
  }

  URI baseUrl() {
    return baseUrl;
  }

  /** Sets an endpoint's fault through the ERP's admin API, e.g. {@code {"latencyMs":20}}. */
  void fault(String endpoint, String json) {
    admin("PUT", "/admin/faults/" + endpoint, json);
  }

  /**
   * Warms the ERP's JIT up: {@code calls} GETs of {@code paths} (cycled) from 8 threads, with the
   * faults of {@code endpoints} lifted meanwhile and then set back to {@code faultJson}. Without
   * it, the ERP compiles its code during the first measured run and charges that run's ERP CPU
   * (and, on its pinned core, its latency) with the compilation.
   */
  void warmUp(List<String> endpoints, String faultJson, List<String> paths, int calls) {
    for (String e : endpoints) fault(e, "{}");
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      for (int t = 0; t < 8; t++) {
        pool.submit(
            () -> {
              for (int i; (i = next.getAndIncrement()) < calls; ) {
                http.send(
                    HttpRequest.newBuilder(baseUrl.resolve(paths.get(i % paths.size()))).build(),
                    HttpResponse.BodyHandlers.discarding());
              }
              return null;
            });
      }
    } finally {
      for (String e : endpoints) fault(e, faultJson);
    }
  }

  private String admin(String method, String path, String body) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(baseUrl.resolve(path))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .method(
                      method,
                      body == null
                          ? HttpRequest.BodyPublishers.noBody()
                          : HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException(method + " " + path + ": HTTP " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Whether client and ERP get their own cores ({@code BENCH_PIN=0} turns it off). */
  static boolean pinning() {
    return cores() >= 2
        && !"0".equals(System.getenv("BENCH_PIN"))
        && (Files.isExecutable(Path.of("/usr/bin/taskset"))
            || Files.isExecutable(Path.of("/bin/taskset")));
  }

  /** The machine's cores (not this JVM's: it may be pinned already). */
  static int cores() {
    try {
      long n =
          Files.list(Path.of("/sys/devices/system/cpu"))
              .filter(p -> p.getFileName().toString().matches("cpu\\d+"))
              .count();
      if (n > 0) return (int) n;
    } catch (IOException | RuntimeException ignored) {
      // not Linux: fall back to what the JVM sees
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** The cores a client JVM is pinned to ({@code 0-(n-2)}), or null when not pinning. */
  static String clientCores() {
    if (!pinning()) return null;
    int last = cores() - 2;
    return last == 0 ? "0" : "0-" + last;
  }

  /** {@code java -XmxN -cp <this jar>}, with the same JVM as this one. */
  static List<String> javaCommand(String heap) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    return cmd;
  }

  /** Pins this JVM (all its threads) to the client cores, when pinning; returns whether it did. */
  static boolean pinSelf() {
    String cores = clientCores();
    if (cores == null) return false;
    try {
      Process p =
          new ProcessBuilder(
                  "taskset", "-a", "-p", "-c", cores, Long.toString(ProcessHandle.current().pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A client JVM command: pinned to the client cores when pinning. */
  static List<String> clientCommand(String heap) {
    List<String> cmd = new ArrayList<>();
    String cores = clientCores();
    if (cores != null) cmd.addAll(List.of("taskset", "-c", cores));
    cmd.addAll(javaCommand(heap));
    return cmd;
  }
}
