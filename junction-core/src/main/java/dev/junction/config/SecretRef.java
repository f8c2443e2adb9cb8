package dev.junction.config;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a secret, never the secret itself: {@code ${env:NAME}} (an environment variable)
 * or {@code ${file:PATH}} (the trimmed content of a file). {@link #toString()} shows the reference,
 * which is safe to log; the value is only available through {@link SecretResolver}.
 *
 * @param reference the reference text, e.g. {@code ${env:ERP_TOKEN}}
 */
public record SecretRef(String reference) {
  private static final Pattern FORM = Pattern.compile("\\$\\{(env|file):([^}]+)}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

  /** Where a reference points. */
  public enum Kind {
    ENV,
    FILE
  }

  /**
   * @throws IllegalArgumentException when {@code reference} is not of the form {@code ${env:NAME}}
   *     or {@code ${file:PATH}} (the message does not repeat it: it may be a literal secret)
   */
  public SecretRef {
    Objects.requireNonNull(reference, "reference");
    if (!isReference(reference)) {
      throw new IllegalArgumentException("not a secret reference; use ${env:NAME} or ${file:PATH}");
    }
  }

  /** An environment variable reference. */
  public static SecretRef env(String name) {
    return new SecretRef("${env:" + name + "}");
  }

  /** A file reference. */
  public static SecretRef file(String path) {
    return new SecretRef("${file:" + path + "}");
  }

  /** True when {@code text} is a well-formed reference. */
  public static boolean isReference(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) return false;
    return m.group(1).equals("file")
        ? !m.group(2).isBlank()
        : ENV_NAME.matcher(m.group(2)).matches();
  }

  /** Whether this names an environment variable or a file. */
  public Kind kind() {
    return matcher().group(1).equals("env") ? Kind.ENV : Kind.FILE;
  }

  /** The variable name or the file path. */
  public String name() {
    return matcher().group(2);
  }

  private Matcher matcher() {
    Matcher m = FORM.matcher(reference);
    if (!m.matches()) throw new IllegalStateException("unreachable");
    return m;
  }

  @Override
  public String toString() {
    return reference;
  }
}
