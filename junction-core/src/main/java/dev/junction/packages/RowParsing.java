package dev.junction.packages;

import dev.junction.ValidationException.Violation;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Shared pieces of the CSV and JSON Lines row sources. */
final class RowParsing {
  private RowParsing() {}

  /** A strict UTF-8 reader: malformed bytes raise an error instead of becoming U+FFFD. */
  static Reader utf8(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  static PackageException readFailure(String file, long line, IOException e) {
    if (e instanceof CharacterCodingException) {
      return new PackageException(
          file
              + " near line "
              + line
              + ": the bytes are not valid UTF-8 (save the file as UTF-8); the file is refused",
          e);
    }
    if (e.getCause() instanceof PackageException p) return p;
    return new PackageException(
        file
            + " near line "
            + line
            + ": cannot be read: "
            + e.getMessage()
            + "; the file is refused",
        e);
  }

  static Violation violation(EntityConfig entity, FieldConfig field, String message) {
    return new Violation(entity.name(), field == null ? "" : field.name(), message);
  }
}
