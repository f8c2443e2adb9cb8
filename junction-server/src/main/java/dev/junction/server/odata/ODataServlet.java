package dev.junction.server.odata;

import dev.junction.server.web.Principals;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.apache.olingo.commons.api.edmx.EdmxReference;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataHttpHandler;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ODataServerError;
import org.apache.olingo.server.api.ServiceMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OData service at {@code /odata/*}. Guards the raw URL before Olingo parses it, then hands the
 * request to a fresh Olingo handler (Olingo's handler keeps per-request state). Runs behind the
 * server's security filter chain like every other route.
 */
final class ODataServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(ODataServlet.class);
  private final transient Backend backend;
  private final transient OData odata;
  private final transient ServiceMetadata metadata;
  private final transient QueryGuard guard;

  ODataServlet(Backend backend) {
    this.backend = backend;
    this.odata = OData.newInstance();
    this.metadata =
        odata.createServiceMetadata(
            new EntityEdmProvider(List.copyOf(backend.entities.values()), backend.actions),
            List.<EdmxReference>of());
    this.guard = new QueryGuard(backend.limits);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    QueryGuard.Rejection rejection = guard.check(request.getRequestURI(), request.getQueryString());
    if (rejection != null) {
      reject(response, rejection.status(), rejection.message());
      return;
    }
    Object principal = request.getAttribute(Principals.ATTRIBUTE);
    if (principal == null && request.getUserPrincipal() != null) {
      principal = request.getUserPrincipal().getName();
    }
    Backend.setPrincipal(principal == null ? null : principal.toString());
    try {
      ODataHttpHandler handler = odata.createHandler(metadata);
      handler.register(new CollectionProcessor(backend));
      handler.register(new RecordProcessor(backend));
      handler.register(new ActionProcessor(backend));
      handler.register(new ChangeSetBatchProcessor(backend));
      handler.register(new ErrorBodies());
      handler.process(request, response);
    } catch (StackOverflowError e) {
      if (!response.isCommitted()) reject(response, 400, "The request is nested too deeply.");
    } catch (RuntimeException e) {
      log.error("OData request failed outside Olingo", e);
      if (!response.isCommitted()) {
        reject(response, 500, "An internal error occurred and was logged.");
      }
    } finally {
      Backend.setPrincipal(null);
    }
  }

  private void reject(HttpServletResponse response, int status, String message) throws IOException {
    ODataServerError error = new ODataServerError();
    error.setStatusCode(status);
    error.setMessage(message);
    error.setCode(Integer.toString(status));
    ODataResponse body = new ODataResponse();
    ErrorBodies.write(odata, body, error, ContentType.APPLICATION_JSON);
    response.setStatus(status);
    response.setContentType(ContentType.APPLICATION_JSON.toContentTypeString());
    response.setHeader("OData-Version", "4.0");
    try (var in = body.getContent()) {
      in.transferTo(response.getOutputStream());
    }
  }
}
