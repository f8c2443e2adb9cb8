package dev.junction.server.odata;

import dev.junction.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.apache.olingo.commons.api.ex.ODataErrorDetail;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ODataServerError;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.ErrorProcessor;
import org.apache.olingo.server.api.serializer.SerializerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every error as an OData error body: validation errors name each property as a detail with
 * its target; server faults are logged and answered without internals (no message, no stack).
 */
final class ErrorBodies implements ErrorProcessor {
  private static final Logger log = LoggerFactory.getLogger(ErrorBodies.class);
  private OData odata;

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    this.odata = odata;
  }

  @Override
  public void processError(
      ODataRequest request, ODataResponse response, ODataServerError error, ContentType format) {
    prepare(error);
    write(odata, response, error, format);
  }

  static void prepare(ODataServerError error) {
    Throwable cause = error.getException();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ValidationException v) {
        List<ODataErrorDetail> details = new ArrayList<>();
        for (ValidationException.Violation violation : v.violations()) {
          ODataErrorDetail detail = new ODataErrorDetail();
          detail.setCode("InvalidValue");
          detail.setTarget(violation.field());
          detail.setMessage(
              violation.entity() + "." + violation.field() + ": " + violation.message());
          details.add(detail);
        }
        error.setDetails(details);
        if (details.size() == 1) error.setTarget(details.get(0).getTarget());
        break;
      }
    }
    if (error.getStatusCode() == 500 && failedParsingInput(cause)) {
      error.setStatusCode(400);
      error.setMessage(
          "The request URL or body is malformed and cannot be parsed; check the syntax of its"
              + " path, query options and body.");
      error.setCode("400");
    }
    if (error.getStatusCode() >= 500 && error.getStatusCode() != 501) {
      log.error("OData request failed: {}", error.getMessage(), cause);
      error.setMessage("An internal error occurred and was logged; the request had no effect.");
      error.setDetails(null);
      error.setInnerError(null);
    }
    if (error.getCode() == null) error.setCode(Integer.toString(error.getStatusCode()));
  }

  /**
   * Whether {@code e} escaped from Olingo's URI parser, validator or body deserializer (a bug of
   * the library on malformed input, such as a NullPointerException) before any Junction code ran:
   * such input is the client's error, not the server's.
   */
  static boolean failedParsingInput(Throwable e) {
    if (!(e instanceof RuntimeException)) return false;
    for (StackTraceElement frame : e.getStackTrace()) {
      String c = frame.getClassName();
      if (c.startsWith("dev.junction.")) return false;
      if (c.startsWith("org.apache.olingo.server.core.uri.")
          || c.startsWith("org.apache.olingo.server.core.deserializer.")) {
        return true;
      }
      if (c.equals("org.apache.olingo.server.core.ODataHandlerImpl")) return false;
    }
    return false;
  }

  static void write(
      OData odata, ODataResponse response, ODataServerError error, ContentType format) {
    ContentType type =
        format == null || !format.isCompatible(ContentType.APPLICATION_XML)
            ? ContentType.APPLICATION_JSON
            : format;
    try {
      response.setContent(odata.createSerializer(type).error(error).getContent());
      response.setHeader(HttpHeader.CONTENT_TYPE, type.toContentTypeString());
    } catch (SerializerException e) {
      log.error("Cannot serialize an OData error", e);
    }
    response.setStatusCode(error.getStatusCode());
  }
}
