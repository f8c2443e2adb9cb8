package dev.junction.config;

/**
 * One configuration error, printed as {@code file:line:column path: message}, e.g. {@code
 * junction.yaml:14:17 integrations[2].connection: unknown connection 'erp2' (known: erp, crm)}.
 *
 * @param file file name as given (relative when it was given relative)
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param path config path such as {@code integrations[2].connection}; empty for the root
 * @param message what is wrong, with the bad value unless it is a secret
 */
public record ConfigError(String file, int line, int column, String path, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + " " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
