package dev.junction.server.cli;

import dev.junction.config.ConfigLoader;
import dev.junction.config.ConnectionConfig;
import dev.junction.config.IntegrationConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretRef;
import dev.junction.config.ServerConfig;
import dev.junction.config.ServerConfig.ApiKeyConfig;
import dev.junction.config.StoreConfig;
import dev.junction.erp.SampleErp;
import dev.junction.server.JunctionServer;
import dev.junction.server.runs.Runs;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the demo: the sample ERP and a Junction hub on the embedded H2 store in data/.",
      "Starts the sample ERP on 127.0.0.1:8089 (or a free port when that one is taken), then the"
          + " hub with examples/demo/junction.yaml (a built-in minimal configuration when that"
          + " file is absent) and a demo API key kept in data/demo-api-key, imports every"
          + " integration that maps into entities (customers with their balances, orders with"
          + " their lines, products, bills of materials), prints the run summaries, the URLs"
          + " and curl lines to try. Stop it with Ctrl-C."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped normally",
      "1:the demo configuration is invalid",
      "2:bad command line",
      "3:could not start"
    })
final class DemoCommand implements Callable<Integer> {
  static final String HOST = "127.0.0.1";
  static final int DEFAULT_ERP_PORT = 8089;
  static final Path DATA = Path.of("data");
  static final Path KEY_FILE = DATA.resolve("demo-api-key");

  @Spec CommandSpec spec;

  /** The running hub, once started (tests stop the demo by closing it). */
  volatile ConfigurableApplicationContext hub;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "demo configuration (default: examples/demo/junction.yaml, else built-in)")
  Path config;

  @Option(
      names = "--erp-port",
      paramLabel = "PORT",
      defaultValue = "8089",
      description = "preferred sample ERP port (default: ${DEFAULT-VALUE}; a free one if taken)")
  int erpPort;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "preferred hub port (default: the config's, 8080; a free one if taken)")
  Integer port;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Files.createDirectories(DATA);

    SampleErp erp = SampleErp.builder().port(freeOr(erpPort)).start();
    Runtime.getRuntime().addShutdownHook(new Thread(erp::close, "sample-erp-stop"));

    Optional<Path> file = demoConfigFile();
    JunctionConfig base =
        file.map(ConfigLoader::load).orElseGet(() -> builtIn(URI.create(erp.baseUrl() + "/api/")));
    String key = demoKey();
    int hubPort = freeOr(port != null ? port : base.server().port());
    JunctionConfig demo =
        new JunctionConfig(
            base.store(),
            new ServerConfig(
                hubPort,
                HOST,
                List.of(
                    new ApiKeyConfig(
                        "demo",
                        new SecretRef("${file:" + KEY_FILE.toAbsolutePath() + "}"),
                        List.of()))),
            retarget(base.connections(), erp.port()),
            base.entities(),
            base.integrations());

    // Quiet startup logging so the summary below stands out; warnings and errors still show.
    hub =
        JunctionServer.start(
            demo,
            "--logging.level.root=WARN",
            "--logging.level.dev.junction=INFO",
            "--logging.level.dev.junction.server.cli=WARN");
    String hubUrl = RunningServer.baseUrl(hub);
    List<Runs.Tracked> imports = importAll(demo, hub.getBean(Runs.class), out);
    out.println();
    out.println("Junction demo is running.");
    out.println("  sample ERP  " + erp.baseUrl() + "   simulated system of record");
    out.println(
        "  hub         " + hubUrl + "   config " + file.map(Path::toString).orElse("(built-in)"));
    out.println("  store       " + demo.store().url());
    out.println("  API key     demo = " + key + "   (kept in " + KEY_FILE + ")");
    out.println();
    out.println("Try:");
    out.println("  curl " + hubUrl + "/actuator/health");
    out.println("  curl -H 'X-Api-Key: " + key + "' " + hubUrl + "/api/v1/whoami");
    out.println("  curl -H 'Authorization: ApiKey " + key + "' " + hubUrl + "/actuator/prometheus");
    out.println("  curl -H 'X-Api-Key: " + key + "' '" + hubUrl + "/api/v1/audit?limit=5'");
    out.println("  curl -i " + hubUrl + "/api/v1/whoami        # 401 problem+json: no key");
    out.println("  curl " + erp.baseUrl() + "/            # the sample ERP's endpoints");
    for (Runs.Tracked run : imports) {
      out.println(
          "  curl -H 'X-Api-Key: "
              + key
              + "' "
              + hubUrl
              + "/api/integrations/"
              + run.integration()
              + "/runs/"
              + run.id());
    }
    if (!imports.isEmpty()) {
      out.println(
          "  curl -i -X POST -H 'X-Api-Key: "
              + key
              + "' "
              + hubUrl
              + "/api/integrations/"
              + imports.getFirst().integration()
              + "/runs   # run it again: 202 + Location");
    }
    out.println();
    out.println("Press Ctrl-C to stop.");
    out.flush();
    RunningServer.awaitClose(hub);
    erp.close();
    return JunctionCli.OK;
  }

  /**
   * Runs every root integration that maps into entities, in configuration order (the demo's order
   * respects its {@code dependsOn}), one after the other, and prints each run's summary. A failed
   * run is reported and the demo goes on.
   */
  static List<Runs.Tracked> importAll(JunctionConfig config, Runs runs, PrintWriter out) {
    List<Runs.Tracked> done = new ArrayList<>();
    List<IntegrationConfig> imports =
        config.integrations().stream()
            .filter(i -> !i.isChild() && !i.mappings().isEmpty())
            .toList();
    if (imports.isEmpty()) return done;
    out.println();
    out.println("Importing from the sample ERP:");
    out.flush();
    for (IntegrationConfig integration : imports) {
      Runs.Tracked run = runs.start(integration.name());
      RunCommand.print(out, run.done().join());
      done.add(run);
    }
    return done;
  }

  /**
   * Points every connection aimed at the default sample ERP address ({@code 127.0.0.1:8089} or
   * {@code localhost:8089}) at the port the ERP actually got.
   */
  static List<ConnectionConfig> retarget(List<ConnectionConfig> connections, int erpPort) {
    return connections.stream()
        .map(
            c -> {
              URI u = c.baseUrl();
              boolean defaultErp =
                  u.getPort() == DEFAULT_ERP_PORT
                      && (HOST.equals(u.getHost()) || "localhost".equals(u.getHost()));
              if (!defaultErp || erpPort == DEFAULT_ERP_PORT) return c;
              URI moved =
                  URI.create(
                      u.getScheme()
                          + "://"
                          + HOST
                          + ":"
                          + erpPort
                          + u.getRawPath()
                          + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
              return new ConnectionConfig(
                  c.name(),
                  moved,
                  c.auth(),
                  c.tls(),
                  c.connectTimeout(),
                  c.requestTimeout(),
                  c.retry(),
                  c.rateLimit(),
                  c.maxConcurrency(),
                  c.statusRules());
            })
        .toList();
  }

  /** {@code preferred} when it can be bound on 127.0.0.1, else a free port. */
  static int freeOr(int preferred) throws IOException {
    if (preferred > 0) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(HOST, preferred));
        return preferred;
      } catch (IOException taken) {
        // fall through to a free port
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    }
  }

  private Optional<Path> demoConfigFile() {
    if (config != null) return Optional.of(config);
    String home = System.getenv("JUNCTION_HOME");
    for (Path candidate :
        List.of(
            Path.of(home == null ? "." : home, "examples", "demo", "junction.yaml"),
            Path.of("examples", "demo", "junction.yaml"))) {
      if (Files.isRegularFile(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  /** The minimal demo: the embedded store and a connection to the sample ERP. */
  static JunctionConfig builtIn(URI erp) {
    return new JunctionConfig(
        StoreConfig.of(StoreConfig.DEFAULT_URL),
        ServerConfig.defaults(),
        List.of(new ConnectionConfig("erp", erp)),
        List.of(),
        List.of());
  }

  /** The key in {@link #KEY_FILE}, created (owner-only) with 32 random bytes on first use. */
  private static String demoKey() throws IOException {
    if (Files.isRegularFile(KEY_FILE)) {
      String existing = Files.readString(KEY_FILE).trim();
      if (existing.length() >= 16) return existing;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String key = "jdemo_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Files.deleteIfExists(KEY_FILE);
    try {
      Files.createFile(
          KEY_FILE,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(KEY_FILE);
    }
    Files.writeString(KEY_FILE, key);
    return key;
  }
}
