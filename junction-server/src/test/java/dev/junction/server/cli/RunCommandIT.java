package dev.junction.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.erp.Endpoint;
import dev.junction.erp.SampleErp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code junction run} in-process with the demo configuration pointed at a sample ERP on a free
 * port and an H2 file store in a temporary folder: summaries, counts and exit codes.
 */
class RunCommandIT {
  static SampleErp erp;
  @TempDir static Path dir;
  static Path config;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    erp = SampleErp.builder().port(0).seed(7).customers(300).orders(400).products(50).start();
    String demo = Files.readString(Path.of("..", "examples", "demo", "junction.yaml"));
    String yaml =
        demo.replace("http://127.0.0.1:8089/api/", erp.baseUrl() + "/api/")
            .replace("jdbc:h2:file:./data/demo", "jdbc:h2:file:" + dir.resolve("store"));
    assertThat(yaml).contains(erp.baseUrl() + "/api/").doesNotContain("./data/demo");
    config = dir.resolve("junction.yaml");
    Files.writeString(config, yaml);
  }

  @AfterAll
  static void stop() {
    erp.close();
  }

  private int run(String... args) {
    CommandLine cli = JunctionCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void customersWithBalancesImportAndExit0() {
    int code = run("run", "customers", "--config", config.toString());

    assertThat(code).as("stderr: %s", err).isEqualTo(0);
    assertThat(out.toString())
        .containsPattern("Run [0-9a-f-]{36} of 'customers': SUCCEEDED in \\d+ ms, 300 rows")
        .containsPattern(
            "Customer +fetched 300, inserted \\d+, updated \\d+, unchanged \\d+," + " failed 0");

    // A second run finds every record unchanged.
    out.getBuffer().setLength(0);
    assertThat(run("run", "customers", "--config", config.toString())).isEqualTo(0);
    assertThat(out.toString())
        .contains(
            "Customer             fetched 300, inserted 0, updated 0, unchanged 300, failed 0");
  }

  @Test
  void ordersWithTheirLinesMakeOneChildCallPerOrder() {
    erp.stats().reset();

    int code = run("run", "orders", "--no-progress", "--config", config.toString());

    assertThat(code).as("stderr: %s", err).isEqualTo(0);
    long orders = countOf("SalesOrder");
    long lines = countOf("SalesOrderLine");
    assertThat(orders).isPositive();
    assertThat(lines).isGreaterThanOrEqualTo(orders);
    assertThat(erp.stats().count(Endpoint.ORDER_LINES)).isEqualTo(orders);
    assertThat(out.toString()).contains("of 'orders': SUCCEEDED");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aChildEndpointIsRefusedWithTheEngineMessageAndExit4() {
    int code = run("run", "order-lines", "--config", config.toString());

    assertThat(code).isEqualTo(RunCommand.FAILED);
    assertThat(err.toString())
        .contains(
            "This endpoint is configured as a child endpoint and cannot be run directly:"
                + " 'order-lines' (sorting order 21) is a child of 'orders' (sorting order 20)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aFailingRootCallEndsFailedWithTheErrorAndExit4() {
    String down = config.toString().replace("junction.yaml", "down.yaml");
    try {
      Files.writeString(
          Path.of(down),
          Files.readString(config)
              .replace(erp.baseUrl() + "/api/", "http://127.0.0.1:1/api/")
              .replace("maxAttempts: 4", "maxAttempts: 1"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    int code = run("run", "products", "--config", down);

    assertThat(code).isEqualTo(RunCommand.FAILED);
    assertThat(out.toString())
        .contains("of 'products': FAILED", "error: Connection 'erp' GET")
        .contains("0 rows, 1 call (1 attempt, 1 failed)"); // counts in the singular when 1
    assertThat(err.toString()).contains("error: Connection 'erp' GET");
  }

  private long countOf(String entity) {
    var m =
        java.util.regex.Pattern.compile(entity + " +fetched (\\d+), inserted (\\d+)")
            .matcher(out.toString());
    assertThat(m.find()).as("summary names %s: %s", entity, out).isTrue();
    return Long.parseLong(m.group(1));
  }
}
