package dev.junction.packages;

import java.util.Locale;
import java.util.Optional;

/** The format of the entity files inside a package. */
public enum PackageFormat {
  /** RFC 4180 CSV, UTF-8, a header row of field names; an unquoted empty field is null. */
  CSV("csv"),
  /** JSON Lines, UTF-8: one JSON object per line, members named after fields. */
  JSONL("jsonl");

  private final String extension;

  PackageFormat(String extension) {
    this.extension = extension;
  }

  /** The file name extension, without the dot. */
  public String extension() {
    return extension;
  }

  /** The format a file name's extension denotes ({@code .csv}, {@code .jsonl}, {@code .ndjson}). */
  public static Optional<PackageFormat> ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) return Optional.of(CSV);
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return Optional.of(JSONL);
    return Optional.empty();
  }

  /**
   * Parses {@code csv} or {@code jsonl} (any case).
   *
   * @throws PackageException naming the bad value and the allowed ones
   */
  public static PackageFormat parse(String value) {
    for (PackageFormat f : values()) {
      if (f.extension.equalsIgnoreCase(value) || f.name().equalsIgnoreCase(value)) return f;
    }
    throw new PackageException("format '" + value + "' is not supported; use csv or jsonl");
  }
}
