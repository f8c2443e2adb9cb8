package dev.junction.config;

import java.util.Objects;

/**
 * A reference to a secret, never the secret itself: {@code ${env:NAME}} (an environment variable)
 * or {@code ${file:PATH}} (the trimmed content of a file). {@link #toString()} shows the reference,
 * which is safe to log; the value is only available through {@link SecretResolver}.
 *
 * @param reference the reference text, e.g. {@code ${env:ERP_TOKEN}}
 */
public record SecretRef(String reference) {
  public SecretRef {
    Objects.requireNonNull(reference, "reference");
  }

  @Override
  public String toString() {
    return reference;
  }
}
