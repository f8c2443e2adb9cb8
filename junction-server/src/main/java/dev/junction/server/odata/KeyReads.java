package dev.junction.server.odata;

import dev.junction.JunctionException;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.store.StoredRecord;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.SerializerException;
import org.apache.olingo.server.core.serializer.utils.ContextURLBuilder;

/**
 * The hot read of one record by key, {@code GET /odata/Set(key)}, answered without Olingo's request
 * pipeline (URI parser, content negotiation, dispatcher: ~15 % of such a request's CPU). It answers
 * only the plainest form of that request and only with 200 or 304, writing exactly the status,
 * headers and body {@link RecordProcessor#readEntity} writes for it (KeyReadsIT compares both);
 * everything else — any query option, header that Olingo would act on, key syntax beyond plain
 * integers and unreserved-character strings, a missing record, a store error — returns false and is
 * left to Olingo, so every error body stays Olingo's. It runs inside the OData servlet, behind the
 * same authentication and audit filters as every other request.
 */
final class KeyReads {
  private static final String ODATA_VERSION = "OData-Version";

  /** What a key read of one entity set needs, resolved once. */
  private record Target(
      EntityConfig config, List<FieldConfig> keys, String context, EntityJsonWriter writer) {}

  private final Backend backend;
  private final Map<String, Target> targets;
  private final java.util.concurrent.atomic.LongAdder served =
      new java.util.concurrent.atomic.LongAdder();

  KeyReads(Backend backend, ServiceMetadata metadata) {
    this.backend = backend;
    Map<String, Target> byName = new HashMap<>();
    for (EntityConfig config : backend.entities.values()) {
      if (!config.keyFields().stream().allMatch(KeyReads::plainKeyType)) continue;
      EdmEntitySet set = metadata.getEdm().getEntityContainer().getEntitySet(config.name());
      if (set == null) continue;
      String context =
          ContextURLBuilder.create(
                  ContextURL.with().entitySet(set).suffix(ContextURL.Suffix.ENTITY).build())
              .toASCIIString();
      byName.put(
          config.name(),
          new Target(
              config, config.keyFields(), context, new EntityJsonWriter(set.getEntityType())));
    }
    this.targets = Map.copyOf(byName);
  }

  private static boolean plainKeyType(FieldConfig field) {
    return switch (field.type()) {
      case INTEGER, LONG, STRING -> true;
      default -> false;
    };
  }

  /**
   * Answers {@code request} when it is a plain key read of an existing record.
   *
   * @return false when nothing was written and the request must go to Olingo
   */
  boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!"GET".equals(request.getMethod()) || request.getQueryString() != null) return false;
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    String servlet = request.getServletPath();
    int start = context.length() + servlet.length() + 1;
    if (uri.length() <= start
        || uri.charAt(uri.length() - 1) != ')'
        || uri.charAt(start - 1) != '/'
        || !uri.startsWith(context)
        || !uri.startsWith(servlet, context.length())) {
      return false;
    }
    int open = uri.indexOf('(', start);
    if (open < 0) return false;
    Target target = targets.get(uri.substring(start, open));
    if (target == null || !plainHeaders(request)) return false;
    Map<String, Object> key = key(target, uri, open + 1, uri.length() - 1);
    if (key == null) return false;
    StoredRecord record;
    try {
      record = backend.store.get(target.config().name(), key).orElse(null);
    } catch (JunctionException e) {
      return false; // Olingo's path runs the read again and answers the error
    }
    if (record == null) return false; // the 404 body is Olingo's
    String etag = RecordMapping.etag(record.version());
    String ifNoneMatch = request.getHeader(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null && RecordProcessor.matches(ifNoneMatch, record.version())) {
      served.increment();
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      response.setHeader(ODATA_VERSION, "4.0");
      response.setHeader(HttpHeader.ETAG, etag);
      return true;
    }
    byte[] body;
    try {
      body = target.writer().entity(target.context(), record);
    } catch (SerializerException e) {
      return false; // a value beyond its facets: Olingo answers the error
    }
    served.increment(); // before the body: its last byte completes the response
    response.setStatus(HttpServletResponse.SC_OK);
    response.setHeader(ODATA_VERSION, "4.0");
    response.setHeader(HttpHeader.ETAG, etag);
    response.setContentType("application/json;odata.metadata=minimal");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    return true;
  }

  /** How many requests this route has answered (the tests' proof that it did). */
  long served() {
    return served.sum();
  }

  /**
   * Whether the request carries none of the headers that make Olingo answer differently: another
   * format ({@code Accept} other than JSON or any, {@code Accept-Charset}), another protocol
   * version, {@code If-Match} (412) or preferences.
   */
  private static boolean plainHeaders(HttpServletRequest request) {
    String accept = request.getHeader(HttpHeader.ACCEPT);
    if (accept != null
        && !accept.equals("application/json")
        && !accept.equals("*/*")
        && !accept.equals("application/json;odata.metadata=minimal")) {
      return false;
    }
    return request.getHeader(HttpHeader.ACCEPT_CHARSET) == null
        && request.getHeader(HttpHeader.ODATA_VERSION) == null
        && request.getHeader(HttpHeader.ODATA_MAX_VERSION) == null
        && request.getHeader(HttpHeader.IF_MATCH) == null
        && request.getHeader(HttpHeader.PREFER) == null;
  }

  /**
   * The key in {@code uri[from, to)}: {@code 42}, {@code 'A-1'} or {@code a=1,b='x'} (every key
   * property once, any order); null for anything else (Olingo then parses it).
   */
  private static Map<String, Object> key(Target target, String uri, int from, int to) {
    List<FieldConfig> keys = target.keys();
    Map<String, Object> key = new LinkedHashMap<>();
    if (keys.size() == 1 && uri.indexOf('=', from) < 0) {
      Object value = literal(keys.get(0), uri, from, to);
      if (value == null) return null;
      key.put(keys.get(0).name(), value);
      return key;
    }
    int at = from;
    while (at < to) {
      int comma = uri.indexOf(',', at);
      int end = comma < 0 || comma > to ? to : comma;
      int eq = uri.indexOf('=', at);
      if (eq < 0 || eq >= end) return null;
      String name = uri.substring(at, eq);
      FieldConfig field = null;
      for (FieldConfig k : keys) if (k.name().equals(name)) field = k;
      if (field == null || key.containsKey(name)) return null;
      Object value = literal(field, uri, eq + 1, end);
      if (value == null) return null;
      key.put(name, value);
      at = end == to ? to : end + 1;
      if (end != to && at == to) return null; // trailing comma
    }
    return key.size() == keys.size() ? key : null;
  }

  /**
   * A key literal of {@code field}: an integer without sign or leading zero (beyond a single {@code
   * -}), or a quoted string of unreserved URI characters (no escaping, no quote); null otherwise.
   */
  private static Object literal(FieldConfig field, String uri, int from, int to) {
    return switch (field.type()) {
      case INTEGER -> integer(uri, from, to, 10);
      case LONG -> integer(uri, from, to, 19);
      case STRING -> string(field, uri, from, to);
      default -> null;
    };
  }

  /**
   * {@code 0}, {@code 42} or {@code -42} of at most {@code maxDigits} digits, in range; or null.
   */
  private static Object integer(String uri, int from, int to, int maxDigits) {
    int digits = from < to && uri.charAt(from) == '-' ? from + 1 : from;
    if (digits >= to || to - digits > maxDigits) return null;
    if (uri.charAt(digits) == '0' && (to - digits > 1 || digits > from)) return null;
    for (int i = digits; i < to; i++) {
      char c = uri.charAt(i);
      if (c < '0' || c > '9') return null;
    }
    try {
      String text = uri.substring(from, to);
      return maxDigits == 10 ? (Object) Integer.parseInt(text) : (Object) Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null; // out of range: Olingo's 400
    }
  }

  /** A non-empty quoted string of unreserved URI characters within the field's length; or null. */
  private static String string(FieldConfig field, String uri, int from, int to) {
    int length = to - from - 2;
    if (length < 1 || uri.charAt(from) != '\'' || uri.charAt(to - 1) != '\'') return null;
    if (field.length() > 0 && length > field.length()) return null;
    for (int i = from + 1; i < to - 1; i++) {
      char c = uri.charAt(i);
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (!unreserved) return null;
    }
    return uri.substring(from + 1, to - 1);
  }
}
