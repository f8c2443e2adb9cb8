package dev.junction.server.security;

import dev.junction.ConfigException;
import dev.junction.config.ConfigError;
import dev.junction.config.SecretRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a {@link SecretRef} ({@code ${env:NAME}} or {@code ${file:PATH}}) to its value. Interim
 * stand-in for the core's {@code SecretResolver}; messages name the reference, never the value.
 */
public final class SecretValues {
  private static final Pattern REF = Pattern.compile("\\$\\{(env|file):([^}]+)}");

  private SecretValues() {}

  public static String resolve(SecretRef ref) {
    Matcher m = REF.matcher(ref.reference().trim());
    if (!m.matches()) {
      throw failure(ref, "not a secret reference; use ${env:NAME} or ${file:PATH}");
    }
    String where = m.group(2);
    if (m.group(1).equals("env")) {
      String value = System.getenv(where);
      if (value == null || value.isBlank()) {
        throw failure(ref, "environment variable " + where + " is not set");
      }
      return value;
    }
    try {
      String value = Files.readString(Path.of(where)).trim();
      if (value.isEmpty()) throw failure(ref, "file " + where + " is empty");
      return value;
    } catch (IOException e) {
      throw failure(
          ref, "file " + where + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static ConfigException failure(SecretRef ref, String why) {
    return new ConfigException(
        List.of(new ConfigError("secret", 0, 0, ref.reference(), why + "; server not started")));
  }
}
