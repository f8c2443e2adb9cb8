package dev.junction.server.cli;

import dev.junction.ConfigException;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a configuration completely without starting anything.",
      "Prints every error at once as FILE:LINE:COLUMN PATH: MESSAGE and exits 1, or prints"
          + " \"OK:\" with what the configuration defines and exits 0."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:valid", "1:invalid (errors printed on stderr)", "2:bad command line"})
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "a YAML config file, or a folder of them")
  Path file;

  @Option(
      names = "--check-secrets",
      description =
          "also resolve every secret reference (${env:…}, ${file:…}) as 'serve' will;"
              + " by default only their form is checked")
  boolean checkSecrets;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    if (!Files.exists(file)) {
      err.println("junction: " + file + ": no such file or folder");
      err.flush();
      return JunctionCli.CONFIG_INVALID;
    }
    JunctionConfig config;
    try {
      config = ConfigLoader.load(file, checkSecrets ? SecretResolver.system() : null);
    } catch (ConfigException e) {
      e.errors().forEach(err::println);
      err.println(
          e.errors().size() + (e.errors().size() == 1 ? " error in " : " errors in ") + file);
      err.flush();
      return JunctionCli.CONFIG_INVALID;
    }
    spec.commandLine().getOut().println("OK: " + summary(config));
    spec.commandLine().getOut().flush();
    return JunctionCli.OK;
  }

  static String summary(JunctionConfig c) {
    return count(c.connections().size(), "connection")
        + ", "
        + count(c.entities().size(), "entity", "entities")
        + ", "
        + count(c.integrations().size(), "integration")
        + ", "
        + count(c.server().apiKeys().size(), "API key")
        + "; store "
        + c.store().url();
  }

  private static String count(int n, String one) {
    return count(n, one, one + "s");
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
