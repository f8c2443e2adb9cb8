package dev.junction.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthIT {

  private static SampleErp start(Auth auth) {
    return SampleErp.builder().customers(5).orders(5).products(5).auth(auth).start();
  }

  @Test
  void noAuthLetsEveryoneIn() {
    try (SampleErp erp = start(Auth.none())) {
      assertThat(new Http(erp.baseUrl()).get("/api/customers").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void basicAuthNeedsTheRightUserAndPassword() {
    try (SampleErp erp = start(Auth.basic("erp", "s3cret"))) {
      Http http = new Http(erp.baseUrl());
      HttpResponse<String> anonymous = http.get("/api/customers");
      HttpResponse<String> wrong =
          http.send(http.request("/api/customers").header("Authorization", basic("erp", "nope")));
      HttpResponse<String> right =
          http.send(http.request("/api/customers").header("Authorization", basic("erp", "s3cret")));

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).doesNotContain("s3cret", "nope");
      assertThat(right.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void bearerAuthNeedsTheToken() {
    try (SampleErp erp = start(Auth.bearer("tok-123"))) {
      Http http = new Http(erp.baseUrl());
      assertThat(http.get("/api/orders").statusCode()).isEqualTo(401);
      assertThat(
              http.send(http.request("/api/orders").header("Authorization", "Bearer other"))
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              http.send(http.request("/api/orders").header("Authorization", "Bearer tok-123"))
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void apiKeyAuthReadsTheConfiguredHeader() {
    try (SampleErp erp = start(Auth.apiKey("X-API-Key", "k-42"))) {
      Http http = new Http(erp.baseUrl());
      HttpResponse<String> missing = http.get("/api/products");
      assertThat(missing.statusCode()).isEqualTo(401);
      assertThat(Http.json(missing).get("detail").stringValue())
          .contains("X-API-Key")
          .doesNotContain("k-42");
      assertThat(http.send(http.request("/api/products").header("X-API-Key", "k-41")).statusCode())
          .isEqualTo(401);
      assertThat(http.send(http.request("/api/products").header("X-API-Key", "k-42")).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void adminAndTokenEndpointsAreNotProtected() {
    try (SampleErp erp = start(Auth.bearer("tok"))) {
      Http http = new Http(erp.baseUrl());
      assertThat(http.get("/admin/stats").statusCode()).isEqualTo(200);
      assertThat(http.get("/").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void oauth2TokenExpiresAndARefreshedTokenWorks() {
    SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (SampleErp erp =
        SampleErp.builder()
            .customers(5)
            .orders(5)
            .products(5)
            .clock(clock)
            .auth(Auth.oauth2("junction", "client-secret", Duration.ofSeconds(2)))
            .start()) {
      Http http = new Http(erp.baseUrl());
      assertThat(http.get("/api/customers").statusCode()).isEqualTo(401);

      String token = fetchToken(http, "junction", "client-secret");
      assertThat(withToken(http, token).statusCode()).isEqualTo(200);

      clock.advance(Duration.ofSeconds(2));
      HttpResponse<String> expired = withToken(http, token);
      assertThat(expired.statusCode()).isEqualTo(401);
      assertThat(expired.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
      assertThat(Http.json(expired).get("detail").stringValue()).contains("expired");

      String refreshed = fetchToken(http, "junction", "client-secret");
      assertThat(refreshed).isNotEqualTo(token);
      assertThat(withToken(http, refreshed).statusCode()).isEqualTo(200);
      assertThat(erp.stats().count(Endpoint.TOKEN, 200)).isEqualTo(2);
    }
  }

  @Test
  void oauth2TokenEndpointAcceptsBasicClientAuthAndRejectsAWrongSecret() {
    try (SampleErp erp = start(Auth.oauth2("junction", "client-secret", Duration.ofMinutes(5)))) {
      Http http = new Http(erp.baseUrl());
      HttpResponse<String> viaBasic =
          http.send(
              http.request("/oauth/token")
                  .header("Authorization", basic("junction", "client-secret"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
      assertThat(viaBasic.statusCode()).isEqualTo(200);
      assertThat(Http.json(viaBasic).get("expires_in").asLong()).isEqualTo(300);
      assertThat(Http.json(viaBasic).get("token_type").stringValue()).isEqualTo("Bearer");

      HttpResponse<String> wrong = tokenRequest(http, "junction", "guess");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(Http.json(wrong).get("error").stringValue()).isEqualTo("invalid_client");
      assertThat(wrong.body()).doesNotContain("client-secret", "guess");
    }
  }

  private static HttpResponse<String> withToken(Http http, String token) {
    return http.send(http.request("/api/customers").header("Authorization", "Bearer " + token));
  }

  private static String fetchToken(Http http, String id, String secret) {
    HttpResponse<String> response = tokenRequest(http, id, secret);
    assertThat(response.statusCode()).isEqualTo(200);
    return Http.json(response).get("access_token").stringValue();
  }

  private static HttpResponse<String> tokenRequest(Http http, String id, String secret) {
    return http.send(
        http.request("/oauth/token")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret)));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
