package dev.junction.server.odata;

import dev.junction.config.EntityConfig;
import dev.junction.store.StoredRecord;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.prefer.Preferences;
import org.apache.olingo.server.api.processor.EntityProcessor;
import org.apache.olingo.server.api.serializer.EntitySerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;

/**
 * One record by key: GET (with {@code If-None-Match} → 304), POST (201 + Location), PATCH (merge),
 * PUT (replace) and DELETE, every write through one store transaction with an optimistic version
 * check ({@code If-Match} → 412 on mismatch, 428 when required and missing).
 */
final class RecordProcessor implements EntityProcessor {
  private final Backend backend;
  private OData odata;
  private ServiceMetadata metadata;

  RecordProcessor(Backend backend) {
    this.backend = backend;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
    this.metadata = serviceMetadata;
  }

  private UriResourceEntitySet single(UriInfo uriInfo) throws ODataApplicationException {
    List<UriResource> parts = uriInfo.getUriResourceParts();
    if (parts.size() != 1 || !(parts.get(0) instanceof UriResourceEntitySet set)) {
      throw FilterTranslator.notImplemented(
          "Only /Entity(key) addresses a single record here; navigate with $expand or"
              + " /Entity(key)/relation.");
    }
    return set;
  }

  @Override
  public void readEntity(
      ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
      throws ODataApplicationException, ODataLibraryException {
    try {
      UriResourceEntitySet resource = single(uriInfo);
      EntityConfig config = backend.entity(resource);
      Map<String, Object> key = RecordMapping.key(config, resource.getKeyPredicates());
      StoredRecord record =
          backend
              .store
              .get(config.name(), key)
              .orElseThrow(() -> CollectionProcessor.notFound(config, key));
      String etag = RecordMapping.etag(record.version());
      String ifMatch = request.getHeader(HttpHeader.IF_MATCH);
      if (ifMatch != null && !matches(ifMatch, record.version())) {
        throw preconditionFailed(config, record);
      }
      String ifNoneMatch = request.getHeader(HttpHeader.IF_NONE_MATCH);
      if (ifNoneMatch != null && matches(ifNoneMatch, record.version())) {
        response.setStatusCode(HttpStatusCode.NOT_MODIFIED.getStatusCode());
        response.setHeader(HttpHeader.ETAG, etag);
        return;
      }
      QueryPlan plan =
          QueryPlan.of(QueryPlan.Options.of(uriInfo), config, backend.entities, backend.limits, 0);
      EdmEntitySet set = resource.getEntitySet();
      if (EntityJsonWriter.handles(format, uriInfo)) {
        ContextURL context =
            ContextURL.with().entitySet(set).suffix(ContextURL.Suffix.ENTITY).build();
        response.setContent(
            new java.io.ByteArrayInputStream(
                new EntityJsonWriter(set.getEntityType())
                    .entity(
                        org.apache.olingo.server.core.serializer.utils.ContextURLBuilder.create(
                                context)
                            .toASCIIString(),
                        record)));
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
        response.setHeader(HttpHeader.ETAG, etag);
        return;
      }
      Entity entity = RecordMapping.entity(config, record, plan.select());
      new CollectionProcessor(backend).expand(entity, record, config, plan);
      ContextURL context =
          ContextURL.with()
              .entitySet(set)
              .suffix(ContextURL.Suffix.ENTITY)
              .selectList(
                  odata
                      .createUriHelper()
                      .buildContextURLSelectList(
                          set.getEntityType(),
                          uriInfo.getExpandOption(),
                          uriInfo.getSelectOption()))
              .build();
      write(response, format, set, entity, context, uriInfo, HttpStatusCode.OK);
      response.setHeader(HttpHeader.ETAG, etag);
    } catch (dev.junction.JunctionException e) {
      throw Backend.translate(e);
    }
  }

  private void write(
      ODataResponse response,
      ContentType format,
      EdmEntitySet set,
      Entity entity,
      ContextURL context,
      UriInfo uriInfo,
      HttpStatusCode status)
      throws ODataLibraryException {
    EntitySerializerOptions.Builder options = EntitySerializerOptions.with().contextURL(context);
    if (uriInfo != null) {
      options.select(uriInfo.getSelectOption()).expand(uriInfo.getExpandOption());
    }
    response.setContent(
        odata
            .createSerializer(format)
            .entity(metadata, set.getEntityType(), entity, options.build())
            .getContent());
    response.setStatusCode(status.getStatusCode());
    response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
  }

  @Override
  public void createEntity(
      ODataRequest request,
      ODataResponse response,
      UriInfo uriInfo,
      ContentType requestFormat,
      ContentType responseFormat)
      throws ODataApplicationException, ODataLibraryException {
    UriResourceEntitySet resource = single(uriInfo);
    EntityConfig config = backend.entity(resource);
    EdmEntitySet set = resource.getEntitySet();
    Entity body =
        odata
            .createDeserializer(requestFormat, metadata)
            .entity(request.getBody(), set.getEntityType())
            .getEntity();
    refuseDeepInsert(body);
    Map<String, Object> row = RecordMapping.row(config, body);
    Map<String, Object> key = new LinkedHashMap<>();
    for (String k : config.key()) {
      if (row.get(k) == null) {
        throw FilterTranslator.badRequest(
            "Key property '" + k + "' of " + config.name() + " is missing in the request body.");
      }
      key.put(k, row.get(k));
    }
    StoredRecord stored =
        backend.write(
            tx -> {
              if (tx.get(config.name(), key).isPresent()) {
                throw new ODataApplicationException(
                    config.name() + " " + key + " already exists; use PATCH or PUT to change it.",
                    HttpStatusCode.CONFLICT.getStatusCode(),
                    Locale.ROOT);
              }
              return tx.put(config.name(), row);
            });
    String location = request.getRawBaseUri() + "/" + RecordMapping.canonicalPath(config, key);
    response.setHeader(HttpHeader.LOCATION, location);
    response.setHeader(HttpHeader.ETAG, RecordMapping.etag(stored.version()));
    if (returnMinimal(request)) {
      response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
      response.setHeader(HttpHeader.PREFERENCE_APPLIED, "return=minimal");
      response.setHeader("OData-EntityId", location);
      return;
    }
    ContextURL context = ContextURL.with().entitySet(set).suffix(ContextURL.Suffix.ENTITY).build();
    write(
        response,
        responseFormat,
        set,
        RecordMapping.entity(config, stored, null),
        context,
        null,
        HttpStatusCode.CREATED);
  }

  private static void refuseDeepInsert(Entity body) throws ODataApplicationException {
    if (!body.getNavigationLinks().isEmpty() || !body.getNavigationBindings().isEmpty()) {
      throw FilterTranslator.notImplemented(
          "Deep inserts and bindings are not supported; create related records separately.");
    }
  }

  private boolean returnMinimal(ODataRequest request) {
    return odata.createPreferences(request.getHeaders(HttpHeader.PREFER)).getReturn()
        == Preferences.Return.MINIMAL;
  }

  private boolean returnRepresentation(ODataRequest request) {
    return odata.createPreferences(request.getHeaders(HttpHeader.PREFER)).getReturn()
        == Preferences.Return.REPRESENTATION;
  }

  @Override
  public void updateEntity(
      ODataRequest request,
      ODataResponse response,
      UriInfo uriInfo,
      ContentType requestFormat,
      ContentType responseFormat)
      throws ODataApplicationException, ODataLibraryException {
    UriResourceEntitySet resource = single(uriInfo);
    EntityConfig config = backend.entity(resource);
    EdmEntitySet set = resource.getEntitySet();
    Map<String, Object> key = RecordMapping.key(config, resource.getKeyPredicates());
    String ifMatch = requireIfMatch(request, config);
    Entity body =
        odata
            .createDeserializer(requestFormat, metadata)
            .entity(request.getBody(), set.getEntityType())
            .getEntity();
    refuseDeepInsert(body);
    Map<String, Object> changes = RecordMapping.row(config, body);
    for (String k : config.key()) {
      if (changes.containsKey(k) && !java.util.Objects.equals(changes.get(k), key.get(k))) {
        throw FilterTranslator.badRequest(
            "Key property '" + k + "' cannot be changed (URL has " + key.get(k) + ").");
      }
    }
    boolean merge = request.getMethod() == HttpMethod.PATCH;
    StoredRecord stored =
        backend.write(
            tx -> {
              StoredRecord existing =
                  tx.get(config.name(), key)
                      .orElseThrow(() -> CollectionProcessor.notFound(config, key));
              if (ifMatch != null && !matches(ifMatch, existing.version())) {
                throw preconditionFailed(config, existing);
              }
              Map<String, Object> row =
                  merge ? new LinkedHashMap<>(existing.values()) : new LinkedHashMap<>();
              row.putAll(changes);
              row.putAll(key);
              return tx.putIfVersion(config.name(), row, existing.version());
            });
    response.setHeader(HttpHeader.ETAG, RecordMapping.etag(stored.version()));
    if (returnRepresentation(request)) {
      response.setHeader(HttpHeader.PREFERENCE_APPLIED, "return=representation");
      ContextURL context =
          ContextURL.with().entitySet(set).suffix(ContextURL.Suffix.ENTITY).build();
      write(
          response,
          responseFormat,
          set,
          RecordMapping.entity(config, stored, null),
          context,
          null,
          HttpStatusCode.OK);
      return;
    }
    response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
  }

  @Override
  public void deleteEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException, ODataLibraryException {
    UriResourceEntitySet resource = single(uriInfo);
    EntityConfig config = backend.entity(resource);
    Map<String, Object> key = RecordMapping.key(config, resource.getKeyPredicates());
    String ifMatch = requireIfMatch(request, config);
    backend.write(
        tx -> {
          StoredRecord existing =
              tx.get(config.name(), key)
                  .orElseThrow(() -> CollectionProcessor.notFound(config, key));
          if (ifMatch != null && !matches(ifMatch, existing.version())) {
            throw preconditionFailed(config, existing);
          }
          tx.deleteIfVersion(config.name(), key, existing.version());
          return null;
        });
    response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
  }

  /** The If-Match header; 428 when the entity requires one and it is missing. */
  static String requireIfMatch(ODataRequest request, EntityConfig config)
      throws ODataApplicationException {
    String ifMatch = request.getHeader(HttpHeader.IF_MATCH);
    if (ifMatch == null && config.requireIfMatch()) {
      throw new ODataApplicationException(
          "Writes to "
              + config.name()
              + " require an If-Match header with the record's ETag; read the record first.",
          428,
          Locale.ROOT);
    }
    return ifMatch;
  }

  static ODataApplicationException preconditionFailed(EntityConfig config, StoredRecord current) {
    return new ODataApplicationException(
        config.name()
            + " record has changed: its ETag is now "
            + RecordMapping.etag(current.version())
            + "; reload it and retry.",
        HttpStatusCode.PRECONDITION_FAILED.getStatusCode(),
        Locale.ROOT);
  }

  /** Whether an If-Match / If-None-Match header value matches {@code version}. */
  static boolean matches(String header, long version) {
    Set<String> tags = new HashSet<>();
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.equals("*")) return true;
      if (t.startsWith("W/")) t = t.substring(2);
      tags.add(t);
    }
    return tags.contains("\"" + version + "\"");
  }
}
