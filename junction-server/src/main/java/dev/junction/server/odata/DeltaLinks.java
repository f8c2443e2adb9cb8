package dev.junction.server.odata;

import dev.junction.config.EntityConfig;
import dev.junction.sync.ChangeItem;
import dev.junction.sync.ChangePage;
import dev.junction.sync.SyncApi;
import dev.junction.sync.SyncException;
import dev.junction.sync.SyncToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.EntityCollection;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.data.ValueType;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.EntityCollectionSerializerOptions;
import org.apache.olingo.server.api.serializer.SerializerException;
import org.apache.olingo.server.api.uri.UriInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OData delta links over the Sync API's change feed ({@link dev.junction.sync.DeltaFeed}).
 *
 * <p>{@code Prefer: odata.track-changes} on an entity set: the collection is read as usual (paged by
 * {@code @odata.nextLink}, which carries the tracking start as {@code deltastart}), the response
 * says {@code Preference-Applied: odata.track-changes}, and its last page carries {@code
 * @odata.deltaLink}. The link's {@code $deltatoken} is a signed, principal-bound token holding the
 * change-log head taken before the first page was read, so a change made while the client pages is
 * delivered by the delta link. Following it answers the window {@code (token, head]} in the OData
 * 4.01 JSON delta format: each changed record once in its current state, each deleted one as {@code
 * {"@id": "Set(key)", "@removed": {"reason": "deleted"}}}, paged by {@code @odata.nextLink}; the
 * last page carries a new {@code @odata.deltaLink}.
 *
 * <p>Only {@code $select} (and {@code $format=json}) can be combined with tracking: {@code $filter},
 * {@code $orderby}, {@code $top}, {@code $skip}, {@code $count} and {@code $expand} answer 400
 * naming the option ({@code $apply}, {@code $search} are refused by the service anyway); so do
 * single records and navigation paths. A malformed token or one of another principal answers 400,
 * one that can no longer be served (from another store, ahead of the change log, older than the
 * retention) 410.
 */
final class DeltaLinks {
  static final String PARAMETER = "$deltatoken";
  static final String START = "deltastart";
  private static final String SCOPE = "odata:";
  private static final Duration RETENTION = Duration.ofDays(30);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> REFUSED =
      Set.of("$filter", "$orderby", "$top", "$skip", "$count", "$expand", "$apply", "$search");

  /** An error to answer instead of a delta payload. */
  static final class Refused extends Exception {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final Backend backend;
  private final SyncApi sync;
  private final OData odata;
  private final ServiceMetadata metadata;

  DeltaLinks(Backend backend, OData odata, ServiceMetadata metadata) {
    this.backend = backend;
    this.sync = backend.sync;
    this.odata = odata;
    this.metadata = metadata;
  }

  /** True when the request follows a delta link (carries {@code $deltatoken}). */
  static boolean isDelta(HttpServletRequest request) {
    return "GET".equals(request.getMethod())
        && options(request.getQueryString()).containsKey(PARAMETER);
  }

  // ---- the initial, tracked read -----------------------------------------------------------

  /** Change tracking of one collection read: the token its delta link will carry. */
  record Tracking(String token) {
    /** Adds the tracking start to a next link, so later pages end with the same delta link. */
    String nextLink(String link) {
      if (link.contains("&" + START + "=") || link.contains("?" + START + "=")) return link;
      return link + "&" + START + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    String deltaLink(ODataRequest request, UriInfo uriInfo) {
      StringBuilder sb =
          new StringBuilder(request.getRawBaseUri()).append(request.getRawODataPath()).append('?');
      if (uriInfo.getSelectOption() != null) {
        sb.append("$select=")
            .append(URLEncoder.encode(uriInfo.getSelectOption().getText(), StandardCharsets.UTF_8))
            .append('&');
      }
      return sb.append(PARAMETER)
          .append('=')
          .append(URLEncoder.encode(token, StandardCharsets.UTF_8))
          .toString();
    }
  }

  /**
   * The tracking of a collection read, or null when the request does not ask for it ({@code Prefer:
   * odata.track-changes}, or a next link of a tracked read).
   *
   * @throws ODataApplicationException 400 for options that cannot be combined with tracking
   */
  Tracking tracking(
      ODataRequest request, UriInfo uriInfo, CollectionProcessor.Target target, boolean preferred)
      throws ODataApplicationException {
    Map<String, String> options = options(request.getRawQueryPath());
    String start = options.get(START);
    if (!preferred && start == null) return null;
    if (sync == null) {
      throw FilterTranslator.badRequest(
          "Change tracking is not available: this server has no Sync API engine.");
    }
    if (target.scope() != null || uriInfo.getUriResourceParts().size() != 1) {
      throw FilterTranslator.badRequest(
          "odata.track-changes is supported on entity sets only, not on navigation paths.");
    }
    for (String option : options.keySet()) {
      if (REFUSED.contains(option)) {
        throw FilterTranslator.badRequest(
            option
                + " cannot be combined with odata.track-changes: a delta link tracks the whole"
                + " entity set; only $select may be combined with it.");
      }
    }
    String scope = SCOPE + target.set().getName();
    if (start != null) {
      try {
        sync.tokens().read(start, principal(), scope, SyncToken.Kind.SYNC);
      } catch (SyncException e) {
        throw new ODataApplicationException(e.getMessage(), e.reason().status(), Locale.ROOT);
      }
      return new Tracking(start);
    }
    return new Tracking(sync.tokens().issueSync(principal(), scope, 0, sync.feed().head()));
  }

  // ---- following a delta link --------------------------------------------------------------

  /** Answers a request that follows a delta (or delta next) link. */
  void serve(HttpServletRequest request, HttpServletResponse response) throws Refused, IOException {
    if (sync == null) {
      throw new Refused(400, "Delta links are not available: this server has no Sync API engine.");
    }
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    String setName = path.startsWith("/") ? path.substring(1) : path;
    EntityConfig entity = backend.entities.get(setName);
    if (entity == null || setName.contains("(") || setName.contains("/")) {
      throw new Refused(
          400,
          "$deltatoken is only valid on an entity set's delta link, not on '" + setName + "'.");
    }
    Map<String, String> options = options(request.getQueryString());
    for (String option : options.keySet()) {
      if (!option.equals(PARAMETER) && !option.equals("$select") && !option.equals("$format")) {
        throw new Refused(
            400,
            option
                + " cannot be combined with $deltatoken: follow the delta link unchanged (it keeps"
                + " its $select).");
      }
    }
    String format = options.get("$format");
    if (format != null
        && !format.toLowerCase(Locale.ROOT).startsWith("json")
        && !format.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new Refused(400, "Delta responses are JSON only; $format=" + format + " is refused.");
    }
    Set<String> select = select(entity, options.get("$select"));
    String scope = SCOPE + setName;
    SyncToken token;
    long head = sync.feed().head();
    try {
      token =
          sync.tokens()
              .read(
                  options.get(PARAMETER),
                  principal(),
                  scope,
                  SyncToken.Kind.SYNC,
                  SyncToken.Kind.DELTA_PAGE);
    } catch (SyncException e) {
      throw new Refused(e.reason().status(), e.getMessage());
    }
    if (token.sequence() > head || token.position() > head) {
      throw new Refused(
          410,
          "The delta token is ahead of the store's change log (the store was restored from a"
              + " backup); read the entity set again with Prefer: odata.track-changes.");
    }
    if (token.issued().plus(RETENTION).isBefore(backend.clock.instant())) {
      throw new Refused(
          410,
          "The delta token was issued at "
              + token.issued()
              + ", longer ago than the retention of "
              + RETENTION
              + "; read the entity set again with Prefer: odata.track-changes.");
    }
    long from = token.sequence();
    long to = head;
    long after = from;
    if (token.kind() == SyncToken.Kind.DELTA_PAGE) {
      to = token.position();
      try {
        after = Long.parseLong(token.after());
      } catch (NumberFormatException e) {
        throw new Refused(400, "The delta token is malformed; follow the delta link unchanged.");
      }
    }
    ChangePage page = sync.feed().page(entity.name(), from, to, after, pageSize(request));
    String base = request.getRequestURL().toString();
    String selectPart =
        options.containsKey("$select")
            ? "$select=" + URLEncoder.encode(options.get("$select"), StandardCharsets.UTF_8) + "&"
            : "";
    ObjectNode body = JSON.createObjectNode();
    body.put("@odata.context", "$metadata#" + setName + "/$delta");
    body.set("value", items(setName, entity, page, select));
    if (page.last()) {
      String next = sync.tokens().issueSync(principal(), scope, 0, to);
      body.put("@odata.deltaLink", base + "?" + selectPart + PARAMETER + "=" + enc(next));
    } else {
      String next =
          sync.tokens()
              .issue(
                  new SyncToken(
                      SyncToken.Kind.DELTA_PAGE,
                      principal(),
                      scope,
                      sync.tokens().epoch(),
                      0,
                      from,
                      0,
                      to,
                      Long.toString(page.lastSequence()),
                      backend.clock.instant()));
      body.put("@odata.nextLink", base + "?" + selectPart + PARAMETER + "=" + enc(next));
    }
    response.setStatus(200);
    response.setContentType("application/json;odata.metadata=minimal");
    response.setHeader("OData-Version", "4.01");
    JSON.writeValue(response.getOutputStream(), body);
  }

  private int pageSize(HttpServletRequest request) {
    Integer preferred =
        odata
            .createPreferences(java.util.Collections.list(request.getHeaders("Prefer")))
            .getMaxPageSize();
    int size = backend.limits.defaultPageSize();
    if (preferred != null && preferred > 0)
      size = Math.min(preferred, backend.limits.maxPageSize());
    return size;
  }

  /** The page's entries in change order: records via Olingo's serializer, removals as 4.01. */
  private ArrayNode items(String setName, EntityConfig entity, ChangePage page, Set<String> select)
      throws Refused {
    EdmEntitySet set = metadata.getEdm().getEntityContainer().getEntitySet(setName);
    EdmEntityType type = set.getEntityType();
    EntityCollection records = new EntityCollection();
    for (ChangeItem.Upserted u : page.upserted()) {
      records.getEntities().add(RecordMapping.entity(entity, u.record(), select));
    }
    List<JsonNode> serialized = new ArrayList<>();
    if (!records.getEntities().isEmpty()) {
      try (InputStream in =
          odata
              .createSerializer(ContentType.APPLICATION_JSON)
              .entityCollection(
                  metadata,
                  type,
                  records,
                  EntityCollectionSerializerOptions.with()
                      .contextURL(ContextURL.with().entitySet(set).build())
                      .build())
              .getContent()) {
        JSON.readTree(in).get("value").forEach(serialized::add);
      } catch (SerializerException | IOException e) {
        throw new Refused(500, "The delta page could not be serialized.");
      }
    }
    ArrayNode value = JSON.createArrayNode();
    int next = 0;
    for (ChangeItem item : page.items()) {
      if (item instanceof ChangeItem.Upserted) {
        value.add(serialized.get(next++));
      } else {
        ObjectNode removed = value.addObject();
        removed.put("@id", setName + keyPredicate(type, entity, item.key()));
        removed.putObject("@removed").put("reason", "deleted");
      }
    }
    return value;
  }

  private String keyPredicate(EdmEntityType type, EntityConfig entity, Map<String, Object> key)
      throws Refused {
    Entity e = new Entity();
    for (String k : entity.key()) {
      e.addProperty(new Property(null, k, ValueType.PRIMITIVE, RecordMapping.toOData(key.get(k))));
    }
    try {
      return "(" + odata.createUriHelper().buildKeyPredicate(type, e) + ")";
    } catch (SerializerException ex) {
      throw new Refused(500, "The key of a removed record could not be written.");
    }
  }

  private static Set<String> select(EntityConfig entity, String select) throws Refused {
    if (select == null || select.isBlank() || select.trim().equals("*")) return null;
    Set<String> fields = new LinkedHashSet<>(entity.key());
    for (String s : select.split(",")) {
      String name = s.trim();
      if (entity.field(name).isEmpty()) {
        throw new Refused(
            400, "$select names '" + name + "', which is no property of " + entity.name() + ".");
      }
      fields.add(name);
    }
    return fields;
  }

  private static String principal() {
    return Backend.principal();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Decoded option names (lower case) to decoded values, in request order. */
  static Map<String, String> options(String rawQuery) {
    Map<String, String> options = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) return options;
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      options.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return options;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
