package dev.junction.server;

import dev.junction.config.SecretRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Secrets for test configs, held the way a deployment holds them: in a file, by reference. */
public final class TestSecrets {
  private TestSecrets() {}

  /**
   * A {@code ${file:…}} reference to a new temporary file (deleted on exit) holding {@code value}.
   */
  public static SecretRef inFile(String value) {
    try {
      Path file = Files.createTempFile("junction-test-secret", ".txt");
      file.toFile().deleteOnExit();
      Files.writeString(file, value);
      return new SecretRef("${file:" + file + "}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
