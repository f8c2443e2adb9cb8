package dev.junction.server.cli;

import dev.junction.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code junction}: the entry point of the executable jar and of the {@code ./junction} script. */
@Command(
    name = "junction",
    mixinStandardHelpOptions = true,
    versionProvider = JunctionCli.Version.class,
    description = {
      "Junction, an open integration hub: consume external REST APIs, keep their data in a local"
          + " store with a change log, expose it (OData, Sync API) and notify subscribers.",
      ""
    },
    subcommands = {
      ServeCommand.class,
      ValidateCommand.class,
      RunCommand.class,
      DemoCommand.class,
      SampleErpCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (serve, demo: stopped normally)",
      "1:the configuration is invalid (every error is printed)",
      "2:the command line is invalid",
      "3:could not start (port in use, store unreachable, …)",
      "4:run: the run failed or was refused",
      "5:run: the run finished partially (warnings or rejected rows)"
    })
public final class JunctionCli implements Runnable {
  static final int OK = 0;
  static final int CONFIG_INVALID = 1;
  static final int USAGE = 2;
  static final int START_FAILED = 3;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a command is required: serve, validate, run, demo, sample-erp, export or import");
  }

  /** The configured command line; tests run it in-process with their own writers. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new JunctionCli());
    cli.getSubcommands().get("sample-erp").setUnmatchedOptionsArePositionalParams(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          ConfigException config = find(e, ConfigException.class);
          if (config != null) {
            config.errors().forEach(err::println);
            err.println(
                config.errors().size() + (config.errors().size() == 1 ? " error" : " errors"));
            err.flush();
            return CONFIG_INVALID;
          }
          err.println("junction: could not start: " + rootMessage(e));
          err.flush();
          return START_FAILED;
        });
    return cli;
  }

  public static void main(String[] args) {
    CommandLine cli = commandLine();
    int code = cli.execute(args);
    // The sample ERP's main may return while its server threads keep the JVM alive.
    var parsed = cli.getParseResult();
    boolean erpRunning =
        code == OK
            && parsed != null
            && parsed.subcommand() != null
            && parsed.subcommand().commandSpec().name().equals("sample-erp")
            && !parsed.subcommand().isUsageHelpRequested();
    if (!erpRunning) System.exit(code);
  }

  static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return type.cast(t);
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = JunctionCli.class.getPackage().getImplementationVersion();
      return new String[] {"junction " + (v == null ? "development" : v)};
    }
  }
}
