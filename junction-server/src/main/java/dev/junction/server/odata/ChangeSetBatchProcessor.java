package dev.junction.server.odata;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.batch.BatchFacade;
import org.apache.olingo.server.api.deserializer.batch.BatchOptions;
import org.apache.olingo.server.api.deserializer.batch.BatchRequestPart;
import org.apache.olingo.server.api.deserializer.batch.ODataResponsePart;
import org.apache.olingo.server.api.processor.BatchProcessor;

/**
 * Multipart {@code $batch}: bounded in size and parts before parsing; each change set runs in one
 * store transaction, so it commits entirely or not at all (a failed request rolls back the others
 * and the change set answers with that request's error).
 */
final class ChangeSetBatchProcessor implements BatchProcessor {
  private final Backend backend;
  private OData odata;

  ChangeSetBatchProcessor(Backend backend) {
    this.backend = backend;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
  }

  @Override
  public void processBatch(BatchFacade facade, ODataRequest request, ODataResponse response)
      throws ODataApplicationException, ODataLibraryException {
    String boundary =
        facade.extractBoundaryFromContentType(request.getHeader(HttpHeader.CONTENT_TYPE));
    byte[] body = readBounded(request.getBody());
    int parts = countParts(body);
    if (parts > backend.limits.maxBatchParts()) {
      throw FilterTranslator.badRequest(
          "$batch has "
              + parts
              + " parts; the limit is "
              + backend.limits.maxBatchParts()
              + ". Split it into several batches.");
    }
    BatchOptions options =
        BatchOptions.with()
            .rawBaseUri(request.getRawBaseUri())
            .rawServiceResolutionUri(request.getRawServiceResolutionUri())
            .build();
    List<BatchRequestPart> requests =
        odata
            .createFixedFormatDeserializer()
            .parseBatchRequest(new ByteArrayInputStream(body), boundary, options);
    boolean continueOnError =
        odata.createPreferences(request.getHeaders(HttpHeader.PREFER)).hasContinueOnError();
    List<ODataResponsePart> responses = new ArrayList<>();
    for (BatchRequestPart part : requests) {
      ODataResponsePart answer = facade.handleBatchRequest(part);
      responses.add(answer);
      if (!continueOnError && failed(answer)) break;
    }
    String responseBoundary = "batch_" + UUID.randomUUID();
    response.setContent(
        odata.createFixedFormatSerializer().batchResponse(responses, responseBoundary));
    response.setHeader(HttpHeader.CONTENT_TYPE, "multipart/mixed;boundary=" + responseBoundary);
    response.setStatusCode(HttpStatusCode.OK.getStatusCode());
    if (continueOnError)
      response.setHeader(HttpHeader.PREFERENCE_APPLIED, "odata.continue-on-error");
  }

  private static boolean failed(ODataResponsePart part) {
    return part.getResponses().stream().anyMatch(r -> r.getStatusCode() >= 400);
  }

  private byte[] readBounded(InputStream in) throws ODataApplicationException {
    try (in) {
      byte[] body = in.readNBytes(backend.limits.maxBatchBytes() + 1);
      if (body.length > backend.limits.maxBatchBytes()) {
        throw new ODataApplicationException(
            "$batch body exceeds " + backend.limits.maxBatchBytes() + " bytes.", 413, Locale.ROOT);
      }
      return body;
    } catch (IOException e) {
      throw FilterTranslator.badRequest("Cannot read the $batch body: " + e.getMessage());
    }
  }

  /** Parts and change-set members, counted as HTTP request lines inside the body. */
  static int countParts(byte[] body) {
    String text = new String(body, StandardCharsets.ISO_8859_1);
    int count = 0;
    int i = 0;
    while ((i = text.indexOf("HTTP/1.1", i)) >= 0) {
      count++;
      i += 8;
    }
    return count;
  }

  @Override
  public ODataResponsePart processChangeSet(BatchFacade facade, List<ODataRequest> requests)
      throws ODataApplicationException, ODataLibraryException {
    try {
      return backend.changeSet(
          tx -> {
            List<ODataResponse> responses = new ArrayList<>();
            for (ODataRequest request : requests) {
              ODataResponse response;
              try {
                response = facade.handleODataRequest(request);
              } catch (ODataApplicationException | ODataLibraryException e) {
                throw new Failed(e);
              }
              if (response.getStatusCode() >= 400) throw new RolledBack(response);
              responses.add(response);
            }
            return new ODataResponsePart(responses, true);
          });
    } catch (RolledBack r) {
      return new ODataResponsePart(r.response, false);
    } catch (Failed f) {
      if (f.getCause() instanceof ODataApplicationException a) throw a;
      throw (ODataLibraryException) f.getCause();
    }
  }

  private static final class RolledBack extends RuntimeException {
    final ODataResponse response;

    RolledBack(ODataResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  private static final class Failed extends RuntimeException {
    Failed(Exception cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
