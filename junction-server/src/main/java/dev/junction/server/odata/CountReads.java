package dev.junction.server.odata;

import dev.junction.store.Expr;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.ServiceMetadata;

/**
 * The hot count of an entity set, {@code GET /odata/Set/$count?$filter=…}, answered without
 * Olingo's request pipeline (handler, URI and {@code $filter} parser, validator, dispatcher). It
 * learns from Olingo: the first time Olingo's path answers a plain count request with 200, {@link
 * CollectionProcessor#countEntityCollection} hands it the store filter it translated, remembered
 * for that exact raw request (entity set and raw query string). A later identical request counts
 * with the remembered filter and writes what Olingo writes for it: 200, {@code OData-Version: 4.0},
 * {@code Content-Type: text/plain} and the number (CountReadsIT compares both byte for byte).
 *
 * <p>A remembered filter never goes stale: it is a pure function of the raw query string and the
 * EDM (the {@code $filter} translation reads neither the clock nor the principal), and the count is
 * taken from the store on every request (the store reuses a count only until the next committed
 * change). Everything else — another method, path or query string not yet answered by Olingo, a
 * header Olingo acts on ({@code OData-Version}, {@code OData-MaxVersion}, {@code Prefer}), a store
 * error — returns false and is left to Olingo, so every error body stays Olingo's. At most {@link
 * #MAX_ENTRIES} requests are remembered (all are forgotten when full); the memo lives and dies with
 * the service metadata it was built with. It runs inside the OData servlet, behind the same
 * authentication and audit filters as every other request.
 */
final class CountReads {
  /** How many distinct count requests are remembered at most. */
  static final int MAX_ENTRIES = 1_000;

  /** Longer raw requests (entity set and query string) are always left to Olingo. */
  static final int MAX_KEY_LENGTH = 2_048;

  private static final String COUNT = "/$count";
  private static final String TEXT_PLAIN = ContentType.TEXT_PLAIN.toContentTypeString();

  /** The store filter Olingo's path counted with for one raw request; null filter = all. */
  private record Learnt(String entity, Expr filter) {}

  /** Takes the store filter Olingo's path translated for the request it was made for. */
  @FunctionalInterface
  interface Recorder {
    void record(String entity, Expr filter);
  }

  private final Backend backend;
  private final Set<String> sets;
  private final Map<String, Learnt> memo = new ConcurrentHashMap<>();
  private final LongAdder served = new LongAdder();

  CountReads(Backend backend, ServiceMetadata metadata) {
    this.backend = backend;
    Set<String> names = new HashSet<>();
    for (String name : backend.entities.keySet()) {
      if (metadata.getEdm().getEntityContainer().getEntitySet(name) != null) names.add(name);
    }
    this.sets = Set.copyOf(names);
  }

  /**
   * The memo key of {@code request} when it is a plain count of an entity set: {@code GET
   * /Set/$count} with any query string and no header that changes Olingo's answer; else null.
   */
  String key(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod())) return null;
    String uri = request.getRequestURI();
    if (!uri.endsWith(COUNT)) return null;
    String context = request.getContextPath();
    String servlet = request.getServletPath();
    int start = context.length() + servlet.length() + 1;
    int end = uri.length() - COUNT.length();
    if (end <= start
        || uri.charAt(start - 1) != '/'
        || !uri.startsWith(context)
        || !uri.startsWith(servlet, context.length())) {
      return null;
    }
    String set = uri.substring(start, end);
    if (!sets.contains(set) || !plainHeaders(request)) return null;
    String query = request.getQueryString();
    String key = query == null ? set : set + '?' + query;
    return key.length() <= MAX_KEY_LENGTH ? key : null;
  }

  /**
   * Answers the request with memo key {@code key} when Olingo has answered the same request before.
   *
   * @return false when nothing was written and the request must go to Olingo
   */
  boolean serve(String key, HttpServletResponse response) throws IOException {
    Learnt learnt = memo.get(key);
    if (learnt == null) return false;
    long count;
    try {
      count = backend.store.count(learnt.entity(), learnt.filter());
    } catch (RuntimeException e) {
      return false; // Olingo's path counts again and answers the error
    }
    byte[] body = Long.toString(count).getBytes(StandardCharsets.US_ASCII);
    served.increment(); // before the body: its last byte completes the response
    response.setStatus(HttpServletResponse.SC_OK);
    response.setHeader(HttpHeader.ODATA_VERSION, "4.0");
    response.setContentType(TEXT_PLAIN);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    return true;
  }

  /**
   * What Olingo's path of the request with memo key {@code key} reports its count filter to: kept
   * when the count was of the entity set the key names (no navigation).
   */
  Recorder recorder(String key) {
    return (entity, filter) -> {
      int query = key.indexOf('?');
      if (!entity.equals(query < 0 ? key : key.substring(0, query))) return;
      if (memo.size() >= MAX_ENTRIES) memo.clear();
      memo.put(key, new Learnt(entity, filter));
    };
  }

  /** How many requests this route has answered (the tests' proof that it did). */
  long served() {
    return served.sum();
  }

  /** How many requests are remembered (the tests' proof of the bound). */
  int remembered() {
    return memo.size();
  }

  /**
   * Whether the request carries none of the headers that make Olingo (5.0) answer a count
   * differently: another protocol version ({@code OData-Version}, {@code OData-MaxVersion}) or a
   * preference (it refuses {@code return=…} on a count). Olingo does no content negotiation and
   * checks no precondition for a count, so {@code Accept} or {@code If-Match} do not change its
   * answer (CountReadsIT compares them).
   */
  private static boolean plainHeaders(HttpServletRequest request) {
    return request.getHeader(HttpHeader.ODATA_VERSION) == null
        && request.getHeader(HttpHeader.ODATA_MAX_VERSION) == null
        && request.getHeader(HttpHeader.PREFER) == null;
  }
}
