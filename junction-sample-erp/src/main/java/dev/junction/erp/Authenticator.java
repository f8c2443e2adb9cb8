package dev.junction.erp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks {@code /api/**} requests against the configured {@link Auth}, and runs the OAuth2
 * client-credentials token endpoint. Token expiry is measured on the ERP's {@link InstantSource}.
 * Secrets are compared in constant time and never echoed.
 */
final class Authenticator {
  private final Auth auth;
  private final InstantSource clock;
  private final JsonMapper json;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

  Authenticator(Auth auth, InstantSource clock, JsonMapper json) {
    this.auth = auth;
    this.clock = clock;
    this.json = json;
  }

  /** Null if the request may pass, else the 401 to send. */
  Reply check(Request request) {
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    return switch (auth) {
      case Auth.None n -> null;
      case Auth.Basic b ->
          basicMatches(authorization, b.user(), b.password())
              ? null
              : unauthorized("Basic realm=\"sample-erp\"", "Valid Basic credentials are required");
      case Auth.Bearer b ->
          same(bearer(authorization), b.token())
              ? null
              : unauthorized("Bearer realm=\"sample-erp\"", "A valid bearer token is required");
      case Auth.ApiKey k ->
          same(request.getHeaders().get(k.header()), k.key())
              ? null
              : unauthorized(null, "A valid API key is required in header '" + k.header() + "'");
      case Auth.OAuth2 o -> checkToken(bearer(authorization));
    };
  }

  private Reply checkToken(String token) {
    if (token == null) {
      return unauthorized(
          "Bearer realm=\"sample-erp\"", "A bearer token from POST /oauth/token is required");
    }
    Instant expiry = tokens.get(token);
    if (expiry == null || !clock.instant().isBefore(expiry)) {
      return unauthorized(
          "Bearer realm=\"sample-erp\", error=\"invalid_token\"",
          expiry == null
              ? "The bearer token is unknown; fetch one from POST /oauth/token"
              : "The bearer token expired at "
                  + expiry
                  + "; fetch a new one from POST /oauth/token");
    }
    return null;
  }

  /** {@code POST /oauth/token}: client id and secret as Basic auth or form fields. */
  Reply token(Request request, String body) {
    if (!(auth instanceof Auth.OAuth2 oauth)) {
      return oauthError(
          404, "invalid_request", "This ERP does not use OAuth2 (auth is not oauth2)");
    }
    Map<String, String> form = form(body);
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials");
    }
    String clientId = form.get("client_id");
    String secret = form.get("client_secret");
    String[] basic = basic(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (basic != null) {
      clientId = basic[0];
      secret = basic[1];
    }
    if (!same(clientId, oauth.clientId()) || !same(secret, oauth.clientSecret())) {
      return oauthError(401, "invalid_client", "Unknown client or wrong client secret")
          .header("WWW-Authenticate", "Basic realm=\"sample-erp\"");
    }
    Instant now = clock.instant();
    tokens.values().removeIf(expiry -> !now.isBefore(expiry));
    byte[] raw = new byte[24];
    random.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    tokens.put(token, now.plus(oauth.tokenTtl()));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("access_token", token);
    answer.put("token_type", "Bearer");
    answer.put("expires_in", Math.max(1, oauth.tokenTtl().toSeconds()));
    return Reply.json(json, 200, answer).header("Cache-Control", "no-store");
  }

  private Reply oauthError(int status, String error, String description) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("error", error);
    answer.put("error_description", description);
    return Reply.json(json, status, answer);
  }

  private Reply unauthorized(String challenge, String detail) {
    Reply r = Reply.problem(json, 401, "Unauthorized", detail);
    return challenge == null ? r : r.header("WWW-Authenticate", challenge);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    if (body == null) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return authorization.substring(7).trim();
  }

  private static String[] basic(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? null
          : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean basicMatches(String authorization, String user, String password) {
    String[] given = basic(authorization);
    return given != null && same(given[0], user) & same(given[1], password);
  }

  private static boolean same(String given, String expected) {
    if (given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
