package dev.junction.server.cli;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretResolver;
import dev.junction.server.JunctionServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start the Junction server with a configuration.",
      "The configuration is validated completely first; on errors nothing starts. The server"
          + " listens on server.bindAddress:server.port (default 127.0.0.1:8080). /actuator/health"
          + " is open; every other route needs an API key ('Authorization: ApiKey <key>' or"
          + " 'X-Api-Key: <key>'). Stop it with Ctrl-C."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped normally",
      "1:invalid configuration",
      "2:bad command line",
      "3:could not start"
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "a YAML config file, or a folder of them")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.exists(config)) {
      spec.commandLine().getErr().println("junction: " + config + ": no such file or folder");
      spec.commandLine().getErr().flush();
      return JunctionCli.CONFIG_INVALID;
    }
    // Secrets are resolved now, so a missing one is reported with its file and line.
    JunctionConfig loaded = ConfigLoader.load(config, SecretResolver.system());
    ConfigurableApplicationContext server = JunctionServer.start(loaded);
    var out = spec.commandLine().getOut();
    String base = RunningServer.baseUrl(server);
    out.println("Junction is running at " + base + " (config " + config + ")");
    out.println("  health:  " + base + "/actuator/health");
    out.println("  API keys configured: " + loaded.server().apiKeys().size());
    out.println("Press Ctrl-C to stop.");
    out.flush();
    RunningServer.awaitClose(server);
    return JunctionCli.OK;
  }
}
