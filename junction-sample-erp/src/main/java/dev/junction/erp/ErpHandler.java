package dev.junction.erp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ERP's HTTP front: routes a request to its endpoint, then applies the endpoint's fault in
 * order — latency (a scheduled task, no thread waits), auth, an outcome (hang, 429, 500, 503), the
 * answer itself, then body faults (malformed, truncated, slow). Admin requests skip faults, auth
 * and stats.
 */
final class ErpHandler extends Handler.Abstract.NonBlocking {
  private static final Logger LOG = LoggerFactory.getLogger(ErpHandler.class);
  private static final int SLOW_CHUNKS = 10;

  private final JsonMapper json;
  private final ApiRoutes api;
  private final AdminApi admin;
  private final Authenticator auth;
  private final FaultTable faults;
  private final RequestCounts stats;

  ErpHandler(
      JsonMapper json,
      ApiRoutes api,
      AdminApi admin,
      Authenticator auth,
      FaultTable faults,
      RequestCounts stats) {
    this.json = json;
    this.api = api;
    this.admin = admin;
    this.auth = auth;
    this.faults = faults;
    this.stats = stats;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    Endpoint endpoint = ApiRoutes.endpointOf(path);
    if (hasBody(request.getMethod())) {
      Content.Source.asStringAsync(request, StandardCharsets.UTF_8)
          .whenComplete(
              (body, failure) -> {
                if (failure != null) {
                  callback.failed(failure);
                } else {
                  route(endpoint, path, body, request, response, callback);
                }
              });
    } else {
      route(endpoint, path, null, request, response, callback);
    }
    return true;
  }

  private void route(
      Endpoint endpoint,
      String path,
      String body,
      Request request,
      Response response,
      Callback callback) {
    if (endpoint == null) {
      Reply reply;
      try {
        reply = admin.handle(request.getMethod(), path, body, request);
      } catch (ErpProblem p) {
        reply = Reply.problem(json, p);
      } catch (tools.jackson.core.JacksonException e) {
        reply =
            Reply.problem(
                json,
                400,
                "Bad Request",
                "Request body is not valid JSON: " + e.getOriginalMessage());
      } catch (RuntimeException e) {
        LOG.warn("Admin request {} {} failed", request.getMethod(), path, e);
        reply = Reply.problem(json, 500, "Internal Server Error", e.getMessage());
      }
      write(reply, response, callback);
      return;
    }
    Fault fault = faults.get(endpoint);
    long delay = fault.latency().toNanos();
    if (!fault.jitter().isZero()) {
      delay += ThreadLocalRandom.current().nextLong(fault.jitter().toNanos());
    }
    if (delay <= 0) {
      answer(endpoint, fault, path, body, request, response, callback);
    } else {
      Scheduler scheduler = request.getComponents().getScheduler();
      Executor executor = request.getComponents().getExecutor();
      scheduler.schedule(
          () ->
              executor.execute(
                  () -> answer(endpoint, fault, path, body, request, response, callback)),
          delay,
          TimeUnit.NANOSECONDS);
    }
  }

  private void answer(
      Endpoint endpoint,
      Fault fault,
      String path,
      String body,
      Request request,
      Response response,
      Callback callback) {
    Reply reply;
    try {
      reply = endpoint == Endpoint.TOKEN ? null : auth.check(request);
      if (reply == null) {
        double draw = ThreadLocalRandom.current().nextDouble();
        if ((draw -= fault.hangRate()) < 0) {
          stats.record(endpoint, 0);
          return; // never answered: the client times out, or the server stops
        } else if ((draw -= fault.throttleRate()) < 0) {
          reply =
              Reply.problem(json, 429, "Too Many Requests", "Injected throttling; retry later")
                  .header(
                      "Retry-After", Long.toString(Math.max(0, fault.retryAfter().toSeconds())));
        } else if ((draw -= fault.serverErrorRate()) < 0) {
          reply = Reply.problem(json, 500, "Internal Server Error", "Injected server error");
        } else if ((draw -= fault.unavailableRate()) < 0) {
          reply = Reply.problem(json, 503, "Service Unavailable", "Injected unavailability");
        } else if (endpoint == Endpoint.TOKEN) {
          reply = auth.token(request, body);
        } else {
          reply = api.handle(endpoint, request.getMethod(), path, body, request);
        }
      }
    } catch (ErpProblem p) {
      reply = Reply.problem(json, p);
    } catch (tools.jackson.core.JacksonException e) {
      reply =
          Reply.problem(
              json,
              400,
              "Bad Request",
              "Request body is not valid JSON: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      LOG.warn("Request {} {} failed", request.getMethod(), path, e);
      reply = Reply.problem(json, 500, "Internal Server Error", String.valueOf(e.getMessage()));
    }
    stats.record(endpoint, reply.status());
    if (reply.status() / 100 == 2 && reply.body().length > 0) {
      double draw = ThreadLocalRandom.current().nextDouble();
      if ((draw -= fault.malformedRate()) < 0) {
        reply = malformed(reply);
      } else if ((draw -= fault.truncatedRate()) < 0) {
        truncated(reply, response, callback);
        return;
      }
      if (!fault.slowBody().isZero()) {
        slow(reply, fault, request, response, callback);
        return;
      }
    }
    write(reply, response, callback);
  }

  private static boolean hasBody(String method) {
    return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
  }

  private static void head(Reply reply, Response response, long contentLength) {
    response.setStatus(reply.status());
    if (reply.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    }
    reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, contentLength);
  }

  private static void write(Reply reply, Response response, Callback callback) {
    head(reply, response, reply.body().length);
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
  }

  /** The first two thirds of the real body, then a NUL byte: never valid JSON. */
  private static Reply malformed(Reply reply) {
    byte[] body = Arrays.copyOf(reply.body(), reply.body().length * 2 / 3 + 1);
    body[body.length - 1] = 0;
    return new Reply(reply.status(), reply.contentType(), body, reply.headers());
  }

  /** Announces the full length, sends half, then aborts the connection. */
  private static void truncated(Reply reply, Response response, Callback callback) {
    byte[] body = reply.body();
    head(reply, response, body.length);
    response.write(
        false,
        ByteBuffer.wrap(body, 0, body.length / 2),
        Callback.from(
            () ->
                callback.failed(
                    new java.io.IOException(
                        "Injected truncation after " + body.length / 2 + " bytes")),
            callback::failed));
  }

  /** Sends the body in {@value #SLOW_CHUNKS} chunks spread over the fault's {@code slowBody}. */
  private static void slow(
      Reply reply, Fault fault, Request request, Response response, Callback callback) {
    byte[] body = reply.body();
    head(reply, response, body.length);
    long pause = fault.slowBody().toNanos() / SLOW_CHUNKS;
    Scheduler scheduler = request.getComponents().getScheduler();
    new Object() {
      void chunk(int i) {
        int from = (int) ((long) body.length * i / SLOW_CHUNKS);
        int to = (int) ((long) body.length * (i + 1) / SLOW_CHUNKS);
        boolean last = i == SLOW_CHUNKS - 1;
        response.write(
            last,
            ByteBuffer.wrap(body, from, to - from),
            last
                ? callback
                : Callback.from(
                    () -> scheduler.schedule(() -> chunk(i + 1), pause, TimeUnit.NANOSECONDS),
                    callback::failed));
      }
    }.chunk(0);
  }
}
