package dev.junction.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves {@link SecretRef}s: {@code ${env:NAME}} from an environment map, {@code ${file:PATH}}
 * from the trimmed content of a file (relative paths against a base folder). Thread-safe;
 * resolution is not cached, so a rotated file is read anew.
 */
public final class SecretResolver {
  private final Map<String, String> env;
  private final Path baseDir;

  private SecretResolver(Map<String, String> env, Path baseDir) {
    this.env = Map.copyOf(env);
    this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
  }

  /** The process environment; files relative to the working directory. */
  public static SecretResolver system() {
    return new SecretResolver(System.getenv(), Path.of(""));
  }

  /** A given environment (for tests); files relative to the working directory. */
  public static SecretResolver of(Map<String, String> env) {
    return new SecretResolver(env, Path.of(""));
  }

  /** A given environment; relative {@code ${file:…}} paths resolved against {@code baseDir}. */
  public static SecretResolver of(Map<String, String> env, Path baseDir) {
    return new SecretResolver(env, baseDir);
  }

  /**
   * Resolves {@code ref}.
   *
   * @throws UnresolvedSecretException when the variable is unset or empty, or the file is
   *     unreadable or empty; the message names the reference only
   */
  public Secret resolve(SecretRef ref) {
    String name = ref.name();
    if (ref.kind() == SecretRef.Kind.ENV) {
      String v = env.get(name);
      if (v == null) {
        throw new UnresolvedSecretException(
            ref, "environment variable '" + name + "' is not set (secret " + ref + ")");
      }
      if (v.isEmpty()) {
        throw new UnresolvedSecretException(
            ref, "environment variable '" + name + "' is empty (secret " + ref + ")");
      }
      return Secret.of(v);
    }
    Path file = baseDir.resolve(name);
    String v;
    try {
      v = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException | SecurityException e) {
      throw new UnresolvedSecretException(
          ref, "secret file '" + name + "' cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (v.isEmpty()) {
      throw new UnresolvedSecretException(ref, "secret file '" + name + "' is empty");
    }
    return Secret.of(v);
  }
}
