package dev.junction.server.odata;

import dev.junction.server.web.Principals;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.olingo.commons.api.edmx.EdmxReference;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataHandler;
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
  private final transient Supplier<Backend> backendFactory;
  private final transient OData odata;
  private final transient QueryGuard guard;
  private transient volatile Backend backend;
  private transient volatile ServiceMetadata metadata;
  private final boolean lean;
  private transient volatile KeyReads keyReads;
  private transient volatile CountReads countReads;

  ODataServlet(Supplier<Backend> backend, ODataLimits limits) {
    this(backend, limits, true);
  }

  /**
   * A servlet that, with {@code lean} false, sends every request through Olingo (the tests'
   * reference for the {@link KeyReads} and {@link CountReads} answers).
   */
  ODataServlet(Supplier<Backend> backend, ODataLimits limits, boolean lean) {
    this.backendFactory = backend;
    this.odata = OData.newInstance();
    this.guard = new QueryGuard(limits);
    this.lean = lean;
  }

  /** The lean key-read route, once the service is ready and when it is enabled; else null. */
  KeyReads keyReads() {
    return keyReads;
  }

  /** The lean count route, once the service is ready and when it is enabled; else null. */
  CountReads countReads() {
    return countReads;
  }

  /** Builds the backend and the EDM on first use; false when the engine has no store. */
  private boolean ready() {
    if (backend != null) return true;
    synchronized (this) {
      if (backend != null) return true;
      try {
        Backend b = backendFactory.get();
        metadata =
            odata.createServiceMetadata(
                new EntityEdmProvider(List.copyOf(b.entities.values()), b.actions),
                List.<EdmxReference>of());
        if (lean) {
          keyReads = new KeyReads(b, metadata);
          countReads = new CountReads(b, metadata);
        }
        backend = b;
        return true;
      } catch (org.springframework.beans.BeansException e) {
        log.warn("OData service unavailable: no entity store is configured ({})", e.getMessage());
        return false;
      }
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    QueryGuard.Rejection rejection = guard.check(request.getRequestURI(), request.getQueryString());
    if (rejection != null) {
      reject(response, rejection.status(), rejection.message());
      return;
    }
    if (!ready()) {
      reject(response, 503, "The OData service has no entity store configured.");
      return;
    }
    Object principal = request.getAttribute(Principals.ATTRIBUTE);
    if (principal == null && request.getUserPrincipal() != null) {
      principal = request.getUserPrincipal().getName();
    }
    Backend.setPrincipal(principal == null ? null : principal.toString());
    try {
      KeyReads keys = keyReads;
      if (keys != null && keys.serve(request, response)) return;
      CountReads counts = countReads;
      CountReads.Recorder counted = null;
      String countKey = counts == null ? null : counts.key(request);
      if (countKey != null) {
        if (counts.serve(countKey, response)) return;
        counted = counts.recorder(countKey);
      }
      if (DeltaLinks.isDelta(request)) {
        try {
          new DeltaLinks(backend, odata, metadata).serve(request, response);
        } catch (DeltaLinks.Refused e) {
          reject(response, e.status, e.getMessage());
        }
        return;
      }
      if (isJsonBatch(request)) {
        jsonBatch(request, response);
        return;
      }
      ODataHttpHandler handler = odata.createHandler(metadata);
      register(handler, counted);
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

  /**
   * Registers the processors of one request; {@code counted}, when not null, learns the filter of
   * the plain count Olingo answers.
   */
  private void register(ODataHandler handler, CountReads.Recorder counted) {
    handler.register(new CollectionProcessor(backend, counted));
    handler.register(new RecordProcessor(backend));
    handler.register(new ActionProcessor(backend));
    handler.register(new ChangeSetBatchProcessor(backend));
    handler.register(new ErrorBodies());
  }

  private static boolean isJsonBatch(HttpServletRequest request) {
    String contentType = request.getContentType();
    return "POST".equals(request.getMethod())
        && "/$batch".equals(request.getPathInfo())
        && contentType != null
        && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
  }

  private void jsonBatch(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String base =
        request.getRequestURL().substring(0, request.getRequestURL().length() - "/$batch".length());
    JsonBatch batch =
        new JsonBatch(
            backend,
            guard,
            () -> {
              ODataHandler handler = odata.createRawHandler(metadata);
              register(handler, null);
              return handler;
            });
    byte[] body;
    try {
      body = batch.process(request.getInputStream(), base);
    } catch (JsonBatch.BadBatch e) {
      reject(response, e.status, e.getMessage());
      return;
    }
    response.setStatus(200);
    response.setContentType("application/json");
    response.setHeader("OData-Version", "4.01");
    response.getOutputStream().write(body);
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
