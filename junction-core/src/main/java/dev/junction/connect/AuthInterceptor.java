package dev.junction.connect;

import dev.junction.config.AuthConfig;
import dev.junction.config.SecretRef;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds credentials to each call. For OAuth2 client credentials it caches the access token, fetches
 * a new one {@code refreshBefore} ahead of expiry (one fetch at a time, shared by all waiting
 * calls), and on a 401 answer discards the token and tries the call once more with a fresh one.
 */
final class AuthInterceptor implements Interceptor {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final AuthConfig auth;
  private final Function<SecretRef, String> secrets;
  private final InstantSource clock;
  private final Function<Call, Response> tokenTransport;
  private final ReentrantLock tokenLock = new ReentrantLock();
  private volatile Token token;

  private record Token(String value, Instant expires) {}

  AuthInterceptor(
      AuthConfig auth,
      Function<SecretRef, String> secrets,
      InstantSource clock,
      Function<Call, Response> tokenTransport) {
    this.auth = auth;
    this.secrets = secrets;
    this.clock = clock;
    this.tokenTransport = tokenTransport;
  }

  @Override
  public Response intercept(Chain chain) {
    Call call = chain.call();
    return switch (auth) {
      case AuthConfig.None n -> chain.proceed(call);
      case AuthConfig.Basic b ->
          chain.proceed(
              call.withHeader(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(
                              (b.username() + ":" + secrets.apply(b.password()))
                                  .getBytes(StandardCharsets.UTF_8))));
      case AuthConfig.Bearer b ->
          chain.proceed(call.withHeader("Authorization", "Bearer " + secrets.apply(b.token())));
      case AuthConfig.ApiKey k ->
          k.in() == AuthConfig.ApiKey.Location.QUERY
              ? chain.proceed(
                  call.withUri(withQueryParam(call.uri(), k.name(), secrets.apply(k.value()))))
              : chain.proceed(call.withHeader(k.name(), secrets.apply(k.value())));
      case AuthConfig.OAuth2ClientCredentials o -> {
        Token used = token(o, chain.connection(), null);
        Response r = chain.proceed(call.withHeader("Authorization", "Bearer " + used.value()));
        if (r.status() != 401) yield r;
        Token fresh = token(o, chain.connection(), used);
        yield chain.proceed(call.withHeader("Authorization", "Bearer " + fresh.value()));
      }
    };
  }

  static URI withQueryParam(URI uri, String name, String value) {
    String pair =
        URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "="
            + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    String q = uri.getRawQuery();
    String s = uri.toString();
    int hash = s.indexOf('#');
    if (hash >= 0) s = s.substring(0, hash);
    return URI.create(s + (q == null || q.isEmpty() ? (s.endsWith("?") ? "" : "?") : "&") + pair);
  }

  /**
   * The cached token, or a fresh one when it is missing, about to expire, or equal to {@code
   * rejected} (a token the server just refused).
   */
  private Token token(AuthConfig.OAuth2ClientCredentials o, String connection, Token rejected) {
    Token t = token;
    if (usable(t, o, rejected)) return t;
    tokenLock.lock();
    try {
      t = token;
      if (usable(t, o, rejected)) return t;
      t = fetch(o, connection);
      token = t;
      return t;
    } finally {
      tokenLock.unlock();
    }
  }

  private boolean usable(Token t, AuthConfig.OAuth2ClientCredentials o, Token rejected) {
    return t != null
        && t != rejected
        && clock.instant().isBefore(t.expires().minus(o.refreshBefore()));
  }

  private Token fetch(AuthConfig.OAuth2ClientCredentials o, String connection) {
    String form =
        "grant_type=client_credentials"
            + (o.scope() == null || o.scope().isBlank()
                ? ""
                : "&scope=" + URLEncoder.encode(o.scope(), StandardCharsets.UTF_8));
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (URLEncoder.encode(o.clientId(), StandardCharsets.UTF_8)
                        + ":"
                        + URLEncoder.encode(
                            secrets.apply(o.clientSecret()), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
    Call call =
        new Call(
            "POST",
            o.tokenUrl(),
            Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "Accept", "application/json",
                "Authorization", "Basic " + basic),
            form.getBytes(StandardCharsets.UTF_8),
            "OAuth2 token request " + o.tokenUrl().getRawPath(),
            null);
    Instant asked = clock.instant();
    Response r = tokenTransport.apply(call);
    String where = "Connection '" + connection + "' OAuth2 token request to " + o.tokenUrl();
    if (!r.successful()) {
      throw new ConnectorException(
          where + ": HTTP " + r.status() + "; check the client id and secret; call not made",
          connection,
          r.status(),
          1,
          r.status() == 429 || r.status() >= 500);
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (RuntimeException e) {
      throw new ConnectorException(
          where + ": the answer is not JSON; call not made", connection, r.status(), 1, false, e);
    }
    JsonNode accessToken = body.path("access_token");
    if (!accessToken.isString() || accessToken.asString().isEmpty()) {
      throw new ConnectorException(
          where + ": the answer has no access_token; call not made",
          connection,
          r.status(),
          1,
          false);
    }
    long expiresIn = body.path("expires_in").asLong(3600);
    return new Token(accessToken.asString(), asked.plus(Duration.ofSeconds(expiresIn)));
  }
}
