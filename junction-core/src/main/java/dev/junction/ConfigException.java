package dev.junction;

import dev.junction.config.ConfigError;
import java.util.List;

/**
 * The configuration is invalid. Carries every error found, each with file, line, column and path;
 * the message lists them all, one per line. Never contains a secret value.
 */
public class ConfigException extends JunctionException {
  private final List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(describe(errors));
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }

  private static String describe(List<ConfigError> errors) {
    StringBuilder sb = new StringBuilder();
    sb.append(errors.size()).append(errors.size() == 1 ? " config error" : " config errors");
    for (ConfigError e : errors) sb.append(System.lineSeparator()).append(e);
    return sb.toString();
  }
}
