package dev.junction.server.odata;

import dev.junction.config.EntityConfig;
import dev.junction.config.RelationConfig;
import dev.junction.store.Expr;
import dev.junction.store.Query;
import dev.junction.store.StoredRecord;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.EntityCollection;
import org.apache.olingo.commons.api.data.Link;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.CountEntityCollectionProcessor;
import org.apache.olingo.server.api.serializer.EntityCollectionSerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.core.serializer.utils.ContextURLBuilder;

/**
 * Reads collections ({@code /Entity}, {@code /Entity(key)/relation}) and their {@code /$count}:
 * every option is planned into one store query, pages are cut by keyset continuation.
 */
final class CollectionProcessor implements CountEntityCollectionProcessor {
  private final Backend backend;
  private final CountReads.Recorder counted;
  private OData odata;
  private ServiceMetadata metadata;

  CollectionProcessor(Backend backend) {
    this(backend, null);
  }

  /**
   * A processor whose successful count of an entity set (no navigation) is reported to {@code
   * counted} (may be null): the store filter it translated for the request.
   */
  CollectionProcessor(Backend backend, CountReads.Recorder counted) {
    this.backend = backend;
    this.counted = counted;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
    this.metadata = serviceMetadata;
  }

  /** The addressed collection: its entity, Olingo entity set and the scope of a navigation. */
  record Target(EntityConfig entity, EdmEntitySet set, Expr scope) {}

  Target target(UriInfo uriInfo) throws ODataApplicationException {
    List<UriResource> parts = uriInfo.getUriResourceParts();
    if (!(parts.get(0) instanceof UriResourceEntitySet first)) {
      throw FilterTranslator.notImplemented("This resource path is not supported.");
    }
    EntityConfig entity = backend.entity(first);
    int last = parts.size();
    if (last > 0
        && parts.get(last - 1).getKind()
            == org.apache.olingo.server.api.uri.UriResourceKind.count) {
      last--;
    }
    if (last == 1) return new Target(entity, first.getEntitySet(), null);
    if (last == 2 && parts.get(1) instanceof UriResourceNavigation nav) {
      Map<String, Object> key = RecordMapping.key(entity, first.getKeyPredicates());
      if (backend.store.get(entity.name(), key).isEmpty()) {
        throw notFound(entity, key);
      }
      String name = nav.getProperty().getName();
      RelationConfig relation =
          entity.relations().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
      EdmEntitySet set = (EdmEntitySet) first.getEntitySet().getRelatedBindingTarget(name);
      return new Target(
          backend.entities.get(relation.entity()), set, relationFilter(entity, relation, key));
    }
    throw FilterTranslator.notImplemented("Navigation deeper than one relation is not supported.");
  }

  static ODataApplicationException notFound(EntityConfig entity, Map<String, ?> key) {
    return new ODataApplicationException(
        entity.name() + " " + key + " does not exist.",
        HttpStatusCode.NOT_FOUND.getStatusCode(),
        Locale.ROOT);
  }

  /** The children of the parent with {@code key} along {@code relation}. */
  static Expr relationFilter(EntityConfig parent, RelationConfig relation, Map<String, ?> key) {
    List<Expr> parts = new ArrayList<>();
    for (int i = 0; i < relation.foreignKey().size(); i++) {
      parts.add(Expr.eq(relation.foreignKey().get(i), key.get(parent.key().get(i))));
    }
    return parts.size() == 1 ? parts.get(0) : new Expr.And(parts);
  }

  @Override
  public void readEntityCollection(
      ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException, ODataLibraryException {
    try {
      Target target = target(uriInfo);
      QueryPlan plan =
          QueryPlan.of(
              QueryPlan.Options.of(uriInfo), target.entity(), backend.entities, backend.limits, 0);
      Integer preferred =
          odata.createPreferences(request.getHeaders(HttpHeader.PREFER)).getMaxPageSize();
      DeltaLinks.Tracking tracking =
          new DeltaLinks(backend, odata, metadata)
              .tracking(
                  request,
                  uriInfo,
                  target,
                  odata.createPreferences(request.getHeaders(HttpHeader.PREFER)).hasTrackChanges());
      int pageSize = backend.limits.defaultPageSize();
      if (preferred != null && preferred > 0) {
        pageSize = Math.min(preferred, backend.limits.maxPageSize());
      }
      int limit = plan.top() >= 0 ? Math.min(plan.top(), pageSize) : pageSize;
      Query query = plan.query(target.entity().name(), target.scope());
      String fingerprint =
          SkipToken.fingerprint(
              request.getRawODataPath(),
              uriInfo.getFilterOption() == null ? "" : uriInfo.getFilterOption().getText(),
              uriInfo.getOrderByOption() == null ? "" : uriInfo.getOrderByOption().getText());
      if (uriInfo.getSkipTokenOption() != null) {
        try {
          query =
              query
                  .withOffset(0)
                  .after(SkipToken.decode(fingerprint, uriInfo.getSkipTokenOption().getValue()));
        } catch (RuntimeException e) {
          throw FilterTranslator.badRequest(
              "Invalid $skiptoken: " + e.getMessage() + "; follow @odata.nextLink unchanged.");
        }
      }
      List<StoredRecord> records = new ArrayList<>(Math.min(limit + 1, 1024));
      boolean more = false;
      if (limit > 0) {
        try (Stream<StoredRecord> rows = backend.store.query(query.withLimit(limit + 1))) {
          Iterator<StoredRecord> it = rows.iterator();
          while (it.hasNext()) {
            StoredRecord r = it.next();
            if (records.size() == limit) {
              more = true;
              break;
            }
            records.add(r);
          }
        }
      }
      Long count =
          plan.count()
              ? (long) clamp(backend.store.count(target.entity().name(), query.filter()))
              : null;
      URI next = null;
      if (more && (plan.top() < 0 || plan.top() > limit)) {
        String token =
            SkipToken.encode(fingerprint, backend.store.continuation(query, records.getLast()));
        String link = nextLink(request, plan.top() < 0 ? -1 : plan.top() - limit, token);
        next = URI.create(tracking == null ? link : tracking.nextLink(link));
      }
      URI delta =
          tracking != null && next == null
              ? URI.create(tracking.deltaLink(request, uriInfo))
              : null;
      EdmEntityType type = target.set().getEntityType();
      String selectList =
          odata
              .createUriHelper()
              .buildContextURLSelectList(
                  type, uriInfo.getExpandOption(), uriInfo.getSelectOption());
      ContextURL context = ContextURL.with().entitySet(target.set()).selectList(selectList).build();
      if (tracking == null && EntityJsonWriter.handles(format, uriInfo)) {
        response.setContent(
            new EntityJsonWriter(type)
                .collectionContent(
                    ContextURLBuilder.create(context).toASCIIString(),
                    count,
                    records,
                    next == null ? null : next.toASCIIString()));
      } else {
        EntityCollection collection = new EntityCollection();
        for (StoredRecord record : records) {
          Entity entity = RecordMapping.entity(target.entity(), record, plan.select());
          expand(entity, record, target.entity(), plan);
          collection.getEntities().add(entity);
        }
        if (count != null) collection.setCount(count.intValue());
        collection.setNext(next);
        collection.setDeltaLink(delta);
        EntityCollectionSerializerOptions options =
            EntityCollectionSerializerOptions.with()
                .contextURL(context)
                .id(request.getRawBaseUri() + "/" + target.set().getName())
                .count(uriInfo.getCountOption())
                .select(uriInfo.getSelectOption())
                .expand(uriInfo.getExpandOption())
                .build();
        response.setContent(
            odata
                .createSerializer(format)
                .entityCollection(metadata, type, collection, options)
                .getContent());
      }
      response.setStatusCode(HttpStatusCode.OK.getStatusCode());
      response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
      List<String> applied = new ArrayList<>();
      if (preferred != null) applied.add("odata.maxpagesize=" + pageSize);
      if (tracking != null) applied.add("odata.track-changes");
      if (!applied.isEmpty()) {
        response.setHeader(HttpHeader.PREFERENCE_APPLIED, String.join(", ", applied));
      }
    } catch (dev.junction.JunctionException e) {
      throw Backend.translate(e);
    }
  }

  private static int clamp(long n) {
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  /** The next page's URL: the request's options without paging ones, plus the token. */
  static String nextLink(ODataRequest request, int remainingTop, String token) {
    StringBuilder sb =
        new StringBuilder(request.getRawBaseUri()).append(request.getRawODataPath()).append('?');
    String raw = request.getRawQueryPath();
    if (raw != null && !raw.isEmpty()) {
      for (String option : raw.split("&")) {
        String name =
            optionName(option.contains("=") ? option.substring(0, option.indexOf('=')) : option);
        if (name.equals("$skiptoken") || name.equals("$skip") || name.equals("$top")) continue;
        sb.append(option).append('&');
      }
    }
    if (remainingTop >= 0) sb.append("$top=").append(remainingTop).append('&');
    return sb.append("$skiptoken=")
        .append(URLEncoder.encode(token, StandardCharsets.UTF_8))
        .toString();
  }

  /** Decodes an option name for comparison ({@code %24top} is {@code $top}). */
  private static String optionName(String name) {
    try {
      return java.net.URLDecoder.decode(name, StandardCharsets.UTF_8)
          .trim()
          .toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }

  /** Adds the expanded relations of {@code record} to {@code entity}: one query per relation. */
  void expand(Entity entity, StoredRecord record, EntityConfig config, QueryPlan plan)
      throws ODataApplicationException {
    for (QueryPlan.Expansion expansion : plan.expand()) {
      QueryPlan nested = expansion.plan();
      Map<String, Object> key = new java.util.LinkedHashMap<>();
      for (String k : config.key()) key.put(k, record.get(k));
      Expr scope = relationFilter(config, expansion.relation(), key);
      Query query = nested.query(expansion.target().name(), scope);
      int cap = backend.limits.maxPageSize();
      int limit = nested.top() >= 0 ? nested.top() : cap + 1;
      EntityCollection children = new EntityCollection();
      if (limit > 0) {
        try (Stream<StoredRecord> rows = backend.store.query(query.withLimit(limit))) {
          Iterator<StoredRecord> it = rows.iterator();
          while (it.hasNext()) {
            StoredRecord child = it.next();
            if (children.getEntities().size() == cap) {
              throw FilterTranslator.badRequest(
                  "$expand="
                      + expansion.relation().name()
                      + " yields more than "
                      + cap
                      + " records for one "
                      + config.name()
                      + "; add $top inside the $expand.");
            }
            children
                .getEntities()
                .add(RecordMapping.entity(expansion.target(), child, nested.select()));
          }
        }
      }
      if (nested.count()) {
        children.setCount(clamp(backend.store.count(expansion.target().name(), query.filter())));
      }
      Link link = new Link();
      link.setTitle(expansion.relation().name());
      link.setInlineEntitySet(children);
      entity.getNavigationLinks().add(link);
    }
  }

  @Override
  public void countEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException, ODataLibraryException {
    try {
      Target target = target(uriInfo);
      QueryPlan plan =
          QueryPlan.of(
              QueryPlan.Options.of(uriInfo), target.entity(), backend.entities, backend.limits, 0);
      Query query = plan.query(target.entity().name(), target.scope());
      long count = backend.store.count(target.entity().name(), query.filter());
      response.setContent(
          new ByteArrayInputStream(Long.toString(count).getBytes(StandardCharsets.UTF_8)));
      response.setStatusCode(HttpStatusCode.OK.getStatusCode());
      response.setHeader(HttpHeader.CONTENT_TYPE, ContentType.TEXT_PLAIN.toContentTypeString());
      if (counted != null && target.scope() == null) {
        counted.record(target.entity().name(), query.filter());
      }
    } catch (dev.junction.JunctionException e) {
      throw Backend.translate(e);
    }
  }
}
