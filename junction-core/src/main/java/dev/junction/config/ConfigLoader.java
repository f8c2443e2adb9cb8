package dev.junction.config;

import dev.junction.ConfigException;
import java.nio.file.Path;

/**
 * Loads and completely validates a configuration from one YAML file or a folder of them.
 *
 * <p>Work in progress: the YAML binding and validation are being written (issue 2).
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads {@code fileOrFolder}.
   *
   * @throws ConfigException listing every error found, each with file, line, column and path
   */
  public static JunctionConfig load(Path fileOrFolder) {
    throw new UnsupportedOperationException("ConfigLoader not implemented yet: " + fileOrFolder);
  }
}
