package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.core.ODataClientFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** One Spring context (cached across the OData test classes) and the clients that call it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ODataTestConfig.class)
abstract class ODataITBase {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @LocalServerPort int port;

  final ODataClient client = ODataClientFactory.getClient();

  String root() {
    return "http://127.0.0.1:" + port + "/odata";
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(root() + pathAndQuery))
        .header("X-Api-Key", ODataTestConfig.KEY)
        .timeout(Duration.ofSeconds(30));
  }

  HttpResponse<String> get(String pathAndQuery) {
    return send(request(pathAndQuery).GET().build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  /** Asserts an OData JSON error body with a code and a message, and no stack trace. */
  static JsonNode assertODataError(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = json(response).get("error");
    assertThat(error).as(response.body()).isNotNull();
    assertThat(error.get("code").asString()).isNotBlank();
    assertThat(error.get("message").asString()).isNotBlank();
    assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
    return error;
  }
}
