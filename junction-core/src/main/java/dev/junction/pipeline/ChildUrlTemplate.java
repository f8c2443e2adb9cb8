package dev.junction.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A Child URL Template: a path (with query) holding {@code {{parent.<path>}}} placeholders. Each
 * substituted value is percent-encoded as data — every byte outside RFC 3986's unreserved set
 * ({@code A-Z a-z 0-9 - . _ ~}) is escaped, and a value that is exactly {@code .} or {@code ..} is
 * escaped whole — so a value can never add a path segment, a query, a fragment, user info, a host
 * or a port.
 */
final class ChildUrlTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String template;
  private final List<String> literals;
  private final List<String> paths;
  private final List<JsonPath> compiled;

  private ChildUrlTemplate(String template, List<String> literals, List<String> paths) {
    this.template = template;
    this.literals = literals;
    this.paths = paths;
    this.compiled = paths.stream().map(JsonPath::compile).toList();
  }

  static ChildUrlTemplate compile(String template) {
    List<String> literals = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      String expr = m.group(1);
      if (!expr.startsWith("parent.") || expr.length() == "parent.".length()) {
        throw new IllegalArgumentException(
            "Child URL Template '"
                + template
                + "': placeholder {{"
                + expr
                + "}} must have the form {{parent.<path>}}");
      }
      literals.add(template.substring(last, m.start()));
      paths.add(expr.substring("parent.".length()));
      last = m.end();
    }
    literals.add(template.substring(last));
    return new ChildUrlTemplate(template, List.copyOf(literals), List.copyOf(paths));
  }

  /**
   * The path and query for {@code parent}.
   *
   * @throws PipelineException {@code Cannot resolve placeholder {{parent.<path>}}} when the path is
   *     absent, null or not a scalar in the parent
   */
  String expand(JsonNode parent, String childName) {
    StringBuilder sb = new StringBuilder(literals.getFirst());
    for (int i = 0; i < paths.size(); i++) {
      JsonNode value = compiled.get(i).read(parent);
      if (value == null || value.isNull() || value.isContainer()) {
        String record = parent.toString();
        if (record.length() > 300) record = record.substring(0, 300) + "…";
        throw new PipelineException(
            "Cannot resolve placeholder {{parent."
                + paths.get(i)
                + "}} of child endpoint '"
                + childName
                + "': path '"
                + paths.get(i)
                + "' is "
                + (value == null
                    ? "absent from"
                    : value.isNull() ? "null in" : "not a single value in")
                + " parent record "
                + record);
      }
      sb.append(encode(value.asString()));
      sb.append(literals.get(i + 1));
    }
    return sb.toString();
  }

  static String encode(String value) {
    if (value.equals(".")) return "%2E";
    if (value.equals("..")) return "%2E%2E";
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return template;
  }
}
