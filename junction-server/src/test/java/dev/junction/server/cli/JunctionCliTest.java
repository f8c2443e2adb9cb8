package dev.junction.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line run in-process: exit codes, help and what is printed. */
class JunctionCliTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = JunctionCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void validatePrintsEveryErrorOfABadFileAndExits1() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        server:
          port: -5
          colour: blue
        connections:
          - name: erp
            baseUrl: http://127.0.0.1:8089
          - name: erp
            baseUrl: http://127.0.0.1:8090
        """);

    int code = run("validate", bad.toString());

    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).doesNotContain("OK");
    String[] lines = err.toString().strip().split("\\R");
    assertThat(lines.length).isGreaterThanOrEqualTo(4); // three errors and the count
    assertThat(lines[0]).matches(".*bad\\.yaml:\\d+:\\d+ .*");
    assertThat(err.toString()).contains("server.port", "colour", "errors in " + bad);
  }

  @Test
  void validateOfTheDemoConfigSaysOkWithCounts() {
    int code = run("validate", Path.of("..", "examples", "demo", "junction.yaml").toString());

    assertThat(err.toString()).isEmpty();
    assertThat(code).isEqualTo(0);
    assertThat(out.toString())
        .startsWith("OK: 1 connection, 5 entities, 6 integrations, 1 API key; store jdbc:h2:");
  }

  @Test
  void validateWithCheckSecretsReportsAnUnsetVariableWithoutItsValue() throws Exception {
    Path file = dir.resolve("keys.yaml");
    Files.writeString(
        file,
        """
        server:
          apiKeys:
            - name: ops
              key: ${env:JUNCTION_TEST_SURELY_UNSET_VARIABLE}
        """);

    assertThat(run("validate", file.toString())).isEqualTo(0);
    assertThat(run("validate", "--check-secrets", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("keys.yaml:4:", "JUNCTION_TEST_SURELY_UNSET_VARIABLE");
  }

  @Test
  void validateOfAMissingFileExits1NamingIt() {
    int code = run("validate", dir.resolve("nope.yaml").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("nope.yaml: no such file or folder");
  }

  @Test
  void serveWithoutConfigIsAUsageErrorExiting2() {
    int code = run("serve");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
  }

  @Test
  void noCommandIsAUsageErrorExiting2() {
    int code = run();

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "a command is required: serve, validate, run, demo, sample-erp, export or import");
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    for (String command : new String[] {"serve", "validate", "demo", "sample-erp"}) {
      out.getBuffer().setLength(0);
      assertThat(run(command, "--help")).as(command).isEqualTo(0);
      assertThat(out.toString()).as(command).startsWith("Usage: junction " + command);
    }
    out.getBuffer().setLength(0);
    assertThat(run("demo", "--help")).isEqualTo(0);
    assertThat(out.toString()).contains("127.0.0.1:8089", "data/demo-api-key", "curl");
  }
}
