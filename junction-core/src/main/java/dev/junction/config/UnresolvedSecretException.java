package dev.junction.config;

import dev.junction.JunctionException;

/**
 * A secret reference could not be resolved: the environment variable is unset or empty, or the file
 * cannot be read or is empty. The message names the reference, never a value.
 */
public class UnresolvedSecretException extends JunctionException {
  private final SecretRef reference;

  public UnresolvedSecretException(SecretRef reference, String message) {
    super(message);
    this.reference = reference;
  }

  public SecretRef reference() {
    return reference;
  }
}
