package dev.junction.server.odata;

import dev.junction.actions.Action;
import dev.junction.actions.ActionCall;
import dev.junction.actions.ActionResult;
import dev.junction.config.ActionConfig;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.store.StoredRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Parameter;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.data.ValueType;
import org.apache.olingo.commons.api.edm.EdmAction;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.ActionEntityProcessor;
import org.apache.olingo.server.api.processor.ActionPrimitiveProcessor;
import org.apache.olingo.server.api.processor.ActionVoidProcessor;
import org.apache.olingo.server.api.serializer.EntitySerializerOptions;
import org.apache.olingo.server.api.serializer.PrimitiveSerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceAction;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;

/**
 * Invokes declared actions, bound ({@code POST /Entity(key)/Junction.approve}) or unbound ({@code
 * POST /action}), inside one store transaction with the registered {@link Action}.
 */
final class ActionProcessor
    implements ActionEntityProcessor, ActionVoidProcessor, ActionPrimitiveProcessor {
  private final Backend backend;
  private OData odata;
  private ServiceMetadata metadata;

  ActionProcessor(Backend backend) {
    this.backend = backend;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
    this.metadata = serviceMetadata;
  }

  private ActionResult invoke(ODataRequest request, UriInfo uriInfo, ContentType requestFormat)
      throws ODataApplicationException, ODataLibraryException {
    List<UriResource> parts = uriInfo.getUriResourceParts();
    UriResourceAction resource = (UriResourceAction) parts.getLast();
    EdmAction edmAction = resource.getAction();
    EntityConfig bound = null;
    Map<String, Object> key = null;
    if (edmAction.isBound()) {
      if (parts.size() != 2
          || !(parts.get(0) instanceof UriResourceEntitySet set)
          || set.getKeyPredicates().isEmpty()) {
        throw FilterTranslator.notImplemented("Bound actions are called on one record by key.");
      }
      bound = backend.entity(set);
      key = RecordMapping.key(bound, set.getKeyPredicates());
    }
    String boundTo = bound == null ? null : bound.name();
    ActionConfig config =
        backend.actions.stream()
            .filter(
                a ->
                    a.name().equals(edmAction.getName())
                        && java.util.Objects.equals(a.boundTo(), boundTo))
            .findFirst()
            .orElseThrow(
                () -> FilterTranslator.badRequest("Unknown action " + edmAction.getName()));
    Action action =
        backend
            .registry
            .find(config.handler())
            .orElseThrow(
                () ->
                    FilterTranslator.notImplemented(
                        "Action '"
                            + config.name()
                            + "' has no registered implementation '"
                            + config.handler()
                            + "'."));
    Map<String, Object> parameters = parameters(request, requestFormat, edmAction, config);
    String ifMatch = request.getHeader(HttpHeader.IF_MATCH);
    EntityConfig entity = bound;
    Map<String, Object> recordKey = key;
    return backend.write(
        tx -> {
          StoredRecord target = null;
          if (entity != null) {
            target =
                tx.get(entity.name(), recordKey)
                    .orElseThrow(() -> CollectionProcessor.notFound(entity, recordKey));
            if (ifMatch != null && !RecordProcessor.matches(ifMatch, target.version())) {
              throw RecordProcessor.preconditionFailed(entity, target);
            }
          }
          ActionCall call =
              new ActionCall(
                  config, target, parameters, Backend.principal(), backend.clock.instant());
          return action.run(call, tx);
        });
  }

  private Map<String, Object> parameters(
      ODataRequest request, ContentType format, EdmAction edmAction, ActionConfig config)
      throws ODataApplicationException, ODataLibraryException {
    byte[] body;
    try (InputStream in = request.getBody()) {
      body = in == null ? new byte[0] : in.readNBytes(1 << 20);
    } catch (IOException e) {
      throw FilterTranslator.badRequest("Cannot read the request body: " + e.getMessage());
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Parameter> given = Map.of();
    if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      given = Map.of();
    } else {
      given =
          odata
              .createDeserializer(format, metadata)
              .actionParameters(new ByteArrayInputStream(body), edmAction)
              .getActionParameters();
    }
    for (FieldConfig p : config.parameters()) {
      Parameter value = given.get(p.name());
      Object v = value == null ? null : RecordMapping.fromOData(p, value.getValue());
      if (v == null && p.required()) {
        throw FilterTranslator.badRequest(
            "Action '" + config.name() + "' needs the parameter '" + p.name() + "'.");
      }
      values.put(p.name(), v);
    }
    return values;
  }

  @Override
  public void processActionEntity(
      ODataRequest request,
      ODataResponse response,
      UriInfo uriInfo,
      ContentType requestFormat,
      ContentType responseFormat)
      throws ODataApplicationException, ODataLibraryException {
    ActionResult result = invoke(request, uriInfo, requestFormat);
    if (!(result instanceof ActionResult.Record(StoredRecord record))) {
      response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
      return;
    }
    EntityConfig config = backend.entities.get(record.entity());
    UriResourceAction resource = (UriResourceAction) uriInfo.getUriResourceParts().getLast();
    EdmEntitySet set =
        uriInfo.getUriResourceParts().get(0) instanceof UriResourceEntitySet s
            ? s.getEntitySet()
            : resource.getActionImport().getReturnedEntitySet();
    ContextURL context = ContextURL.with().entitySet(set).suffix(ContextURL.Suffix.ENTITY).build();
    response.setContent(
        odata
            .createSerializer(responseFormat)
            .entity(
                metadata,
                set.getEntityType(),
                RecordMapping.entity(config, record, null),
                EntitySerializerOptions.with().contextURL(context).build())
            .getContent());
    response.setStatusCode(HttpStatusCode.OK.getStatusCode());
    response.setHeader(HttpHeader.CONTENT_TYPE, responseFormat.toContentTypeString());
    response.setHeader(HttpHeader.ETAG, RecordMapping.etag(record.version()));
  }

  @Override
  public void processActionVoid(
      ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat)
      throws ODataApplicationException, ODataLibraryException {
    invoke(request, uriInfo, requestFormat);
    response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
  }

  @Override
  public void processActionPrimitive(
      ODataRequest request,
      ODataResponse response,
      UriInfo uriInfo,
      ContentType requestFormat,
      ContentType responseFormat)
      throws ODataApplicationException, ODataLibraryException {
    ActionResult result = invoke(request, uriInfo, requestFormat);
    Object value = result instanceof ActionResult.Value(Object v) ? v : null;
    if (value == null) {
      response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
      return;
    }
    UriResourceAction resource = (UriResourceAction) uriInfo.getUriResourceParts().getLast();
    EdmPrimitiveType type = (EdmPrimitiveType) resource.getAction().getReturnType().getType();
    response.setContent(
        odata
            .createSerializer(responseFormat)
            .primitive(
                metadata,
                type,
                new Property(null, "value", ValueType.PRIMITIVE, RecordMapping.toOData(value)),
                PrimitiveSerializerOptions.with()
                    .contextURL(ContextURL.with().type(type).build())
                    .build())
            .getContent());
    response.setStatusCode(HttpStatusCode.OK.getStatusCode());
    response.setHeader(HttpHeader.CONTENT_TYPE, responseFormat.toContentTypeString());
  }
}
