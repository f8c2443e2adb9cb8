package dev.junction.bench.consume;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU per call of candidate HTTP clients against the sample ERP: GETs of order lines (the chaining
 * benchmark's child call) with an injected latency, from {@code concurrency} virtual threads, each
 * client in a fresh JVM pinned like {@link ChainingBench}'s. Reports wall time against the limit
 * (calls × latency ÷ concurrency) and CPU per call of the client and of the ERP — the figures that
 * chose the HTTP client of {@code connect}.
 *
 * <p>Run: {@code junction-bench/bench.sh httpclient [calls] [latencyMs] [clients…]}; clients are
 * {@code junction} (the connector: interceptors plus its HTTP client), {@code jdk} ({@code
 * java.net.http}), {@code jdk-direct} (the same with a direct executor), {@code jetty}, {@code
 * jetty-vt} (Jetty with virtual threads for blocking tasks), {@code hc5} (Apache HttpClient 5
 * classic), {@code hc5-core} (HttpCore 5 alone) and {@code raw} (a hand-written floor).
 */
public final class HttpClientBench {
  private HttpClientBench() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int latency = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    List<String> clients =
        args.length > 2
            ? List.of(args).subList(2, args.length)
            : List.of("junction", "jdk", "jdk-direct", "jetty", "hc5");
    int orders = 2000;
    System.out.printf(
        Locale.ROOT,
        "HttpClientBench (%d cores, Java %s): %,d GETs of /api/orders/{id}/lines, %d ms latency;%s%n",
        ErpProcess.cores(),
        Runtime.version(),
        calls,
        latency,
        ErpProcess.pinning() ? " ERP and client pinned to their own cores" : " not pinned");
    System.out.println(
        "client        conc  wall_ms  limit_ms  wall/limit  client_us/call  erp_us/call  new_conns");
    try (ErpProcess erp =
        ErpProcess.start(
            "1g",
            List.of(
                "--seed",
                "1",
                "--customers",
                "100",
                "--orders",
                Integer.toString(orders),
                "--fault",
                "order-lines:latencyMs=" + latency))) {
      for (int concurrency : new int[] {32, 256}) {
        for (String client : clients) {
          long closed0 = timeWait(erp.baseUrl().getPort());
          Map<String, Long> r = worker(erp, client, orders, calls, concurrency);
          long closed = timeWait(erp.baseUrl().getPort()) - closed0;
          double limit = calls * (double) latency / concurrency;
          System.out.printf(
              Locale.ROOT,
              "%-12s  %4d  %7d  %8.0f  %10.2f  %14.0f  %11.0f  %9s%n",
              client,
              concurrency,
              r.get("wall_ms"),
              limit,
              r.get("wall_ms") / limit,
              r.get("cpu_ms") * 1000.0 / calls,
              r.get("erp_cpu_ms") * 1000.0 / calls,
              closed < 0 ? "?" : "~" + closed);
        }
      }
    }
  }

  /**
   * Sockets of the ERP's port in TIME-WAIT (each closed connection leaves one for a minute): the
   * growth over a run tells how many connections it opened and closed. -1 without {@code ss}.
   */
  private static long timeWait(int port) {
    try {
      Process p =
          new ProcessBuilder(
                  "ss",
                  "-Htan",
                  "state",
                  "time-wait",
                  "( sport = :" + port + " or dport = :" + port + " )")
              .redirectErrorStream(true)
              .start();
      long n;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        n = r.lines().count();
      }
      return p.waitFor() == 0 ? n : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static Map<String, Long> worker(
      ErpProcess erp, String client, int orders, int calls, int concurrency)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(ErpProcess.clientCommand("512m"));
    cmd.add(HttpClientWorker.class.getName());
    cmd.addAll(
        List.of(
            client,
            erp.baseUrl().toString(),
            Integer.toString(orders),
            Integer.toString(calls),
            Integer.toString(concurrency),
            Integer.toString(Math.max(2000, calls / 4))));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Map<String, Long> result = null;
    long erpCpu0 = -1;
    StringBuilder other = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.equals("WARM")) {
          erpCpu0 = erp.cpuMillis();
          p.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
          p.getOutputStream().flush();
        } else if (line.startsWith("RESULT ")) {
          result = new HashMap<>();
          for (String part : line.substring(7).trim().split(" ")) {
            int eq = part.indexOf('=');
            result.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
          }
          result.put("erp_cpu_ms", erp.cpuMillis() - erpCpu0);
        } else other.append(line).append('\n');
      }
    }
    int exit = p.waitFor();
    if (result == null || exit != 0) {
      throw new IllegalStateException(
          client + " c" + concurrency + " failed (exit " + exit + "):\n" + other);
    }
    return result;
  }
}
