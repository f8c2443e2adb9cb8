package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.RecordStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import org.apache.olingo.client.api.communication.ODataClientErrorException;
import org.apache.olingo.client.api.communication.request.batch.BatchManager;
import org.apache.olingo.client.api.communication.request.batch.ODataBatchRequest;
import org.apache.olingo.client.api.communication.request.batch.ODataBatchResponseItem;
import org.apache.olingo.client.api.communication.request.batch.ODataChangeset;
import org.apache.olingo.client.api.communication.request.cud.ODataEntityCreateRequest;
import org.apache.olingo.client.api.communication.request.cud.ODataEntityUpdateRequest;
import org.apache.olingo.client.api.communication.request.cud.UpdateType;
import org.apache.olingo.client.api.communication.response.ODataBatchResponse;
import org.apache.olingo.client.api.communication.response.ODataEntityCreateResponse;
import org.apache.olingo.client.api.communication.response.ODataResponse;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientObjectFactory;
import org.apache.olingo.client.api.domain.ClientPrimitiveValue;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Writes over real HTTP: CRUD, validation, ETags, $batch atomicity and the approve action. */
class ODataWriteIT extends ODataITBase {
  @Autowired RecordStore store;

  private ClientEntity customer(long id, String name) {
    ClientObjectFactory f = client.getObjectFactory();
    ClientEntity entity = f.newEntity(new FullQualifiedName("Junction", "Customer"));
    entity
        .getProperties()
        .add(f.newPrimitiveProperty("id", f.newPrimitiveValueBuilder().buildInt64(id)));
    entity
        .getProperties()
        .add(f.newPrimitiveProperty("name", f.newPrimitiveValueBuilder().buildString(name)));
    return entity;
  }

  private ClientPrimitiveValue string(String s) {
    return client.getObjectFactory().newPrimitiveValueBuilder().buildString(s);
  }

  private URI uri(String path) {
    return URI.create(root() + path);
  }

  @Test
  void createsReadsPatchesReplacesAndDeletes() {
    ODataEntityCreateRequest<ClientEntity> create =
        client
            .getCUDRequestFactory()
            .getEntityCreateRequest(uri("/Customer"), customer(5001, "Ada"));
    create.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
    ODataEntityCreateResponse<ClientEntity> created = create.execute();
    assertThat(created.getStatusCode()).isEqualTo(201);
    assertThat(created.getHeader("Location"))
        .singleElement()
        .asString()
        .endsWith("/odata/Customer(5001)");
    assertThat(created.getBody().getProperty("name").getPrimitiveValue().toString())
        .isEqualTo("Ada");
    String etag = created.getETag();
    assertThat(etag).isEqualTo("W/\"1\"");

    ClientEntity patch =
        client.getObjectFactory().newEntity(new FullQualifiedName("Junction", "Customer"));
    patch
        .getProperties()
        .add(client.getObjectFactory().newPrimitiveProperty("city", string("Lyon")));
    ODataEntityUpdateRequest<ClientEntity> update =
        client
            .getCUDRequestFactory()
            .getEntityUpdateRequest(uri("/Customer(5001)"), UpdateType.PATCH, patch);
    update.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
    update.setIfMatch(etag);
    assertThat(update.execute().getStatusCode()).isEqualTo(204);
    JsonNode merged = json(get("/Customer(5001)"));
    assertThat(merged.get("name").asString()).isEqualTo("Ada");
    assertThat(merged.get("city").asString()).isEqualTo("Lyon");
    assertThat(merged.get("@odata.etag").asString()).isEqualTo("W/\"2\"");

    ClientEntity replacement = customer(5001, "Ada L.");
    ODataEntityUpdateRequest<ClientEntity> put =
        client
            .getCUDRequestFactory()
            .getEntityUpdateRequest(uri("/Customer(5001)"), UpdateType.REPLACE, replacement);
    put.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
    assertThat(put.execute().getStatusCode()).isEqualTo(204);
    JsonNode replaced = json(get("/Customer(5001)"));
    assertThat(replaced.get("name").asString()).isEqualTo("Ada L.");
    assertThat(replaced.get("city").isNull()).isTrue();

    var delete = client.getCUDRequestFactory().getDeleteRequest(uri("/Customer(5001)"));
    delete.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
    assertThat(delete.execute().getStatusCode()).isEqualTo(204);
    assertODataError(get("/Customer(5001)"), 404);
    assertThat(store.get("Customer", Map.of("id", 5001L))).isEmpty();
  }

  @Test
  void validationErrorsNameTheProperty() {
    HttpResponse<String> tooLong =
        send(
            request("/Customer")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"id\":5002,\"name\":\"" + "x".repeat(41) + "\"}"))
                .build());
    JsonNode error = assertODataError(tooLong, 400);
    assertThat(error.get("message").asString()).contains("name");

    JsonNode missing =
        assertODataError(
            send(
                request("/Customer")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":5003}"))
                    .build()),
            400);
    assertThat(missing.get("message").asString()).contains("name");

    JsonNode unknown =
        assertODataError(
            send(
                request("/Customer")
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"id\":5004,\"name\":\"x\",\"nosuch\":1}"))
                    .build()),
            400);
    assertThat(unknown.get("message").asString()).contains("nosuch");

    assertODataError(
        send(
            request("/Customer")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":1,\"name\":\"dup\"}"))
                .build()),
        409);
    assertThat(store.get("Customer", Map.of("id", 5002L))).isEmpty();
  }

  @Test
  void etagsGive304And412And428() {
    HttpResponse<String> first = get("/Customer(3)");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> notModified =
        send(request("/Customer(3)").header("If-None-Match", etag).GET().build());
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(
            send(request("/Customer(3)").header("If-None-Match", "W/\"999\"").GET().build())
                .statusCode())
        .isEqualTo(200);

    HttpResponse<String> stale =
        send(
            request("/Customer(3)")
                .header("Content-Type", "application/json")
                .header("If-Match", "W/\"999\"")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"city\":\"Nowhere\"}"))
                .build());
    assertODataError(stale, 412);
    assertThat(json(get("/Customer(3)")).get("city").asString()).isNotEqualTo("Nowhere");

    send(
        request("/Contract")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":1,\"title\":\"Lease\"}"))
            .build());
    HttpResponse<String> withoutIfMatch =
        send(
            request("/Contract(1)")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"Other\"}"))
                .build());
    assertODataError(withoutIfMatch, 428);
    assertODataError(send(request("/Contract(1)").DELETE().build()), 428);
    String contractTag = get("/Contract(1)").headers().firstValue("ETag").orElseThrow();
    assertThat(
            send(request("/Contract(1)")
                    .header("Content-Type", "application/json")
                    .header("If-Match", contractTag)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"Other\"}"))
                    .build())
                .statusCode())
        .isEqualTo(204);
    assertODataError(
        send(request("/Contract(1)").header("If-Match", contractTag).DELETE().build()), 412);
  }

  @Test
  void batchChangeSetIsAtomic() {
    ODataBatchRequest batch = client.getBatchRequestFactory().getBatchRequest(root());
    batch.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
    BatchManager payload = batch.payloadManager();
    ODataChangeset changeset = payload.addChangeset();
    changeset.addRequest(
        client
            .getCUDRequestFactory()
            .getEntityCreateRequest(uri("/Customer"), customer(6001, "One")));
    changeset.addRequest(
        client
            .getCUDRequestFactory()
            .getEntityCreateRequest(uri("/Customer"), customer(6002, "x".repeat(50))));
    ODataBatchResponse response = payload.getResponse();
    assertThat(response.getStatusCode()).isEqualTo(200);
    Iterator<ODataBatchResponseItem> items = response.getBody();
    ODataBatchResponseItem item = items.next();
    assertThat(item.isChangeset()).isTrue();
    ODataResponse failed = item.next();
    assertThat(failed.getStatusCode()).isEqualTo(400);
    assertThat(store.get("Customer", Map.of("id", 6001L))).as("rolled back").isEmpty();

    ODataBatchRequest ok = client.getBatchRequestFactory().getBatchRequest(root());
    ok.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
    BatchManager okPayload = ok.payloadManager();
    ODataChangeset okSet = okPayload.addChangeset();
    okSet.addRequest(
        client
            .getCUDRequestFactory()
            .getEntityCreateRequest(uri("/Customer"), customer(6003, "Three")));
    okSet.addRequest(
        client
            .getCUDRequestFactory()
            .getEntityCreateRequest(uri("/Customer"), customer(6004, "Four")));
    Iterator<ODataBatchResponseItem> okItems = okPayload.getResponse().getBody();
    ODataBatchResponseItem okItem = okItems.next();
    assertThat(okItem.next().getStatusCode()).isEqualTo(201);
    assertThat(okItem.next().getStatusCode()).isEqualTo(201);
    assertThat(store.get("Customer", Map.of("id", 6003L))).isPresent();
    assertThat(store.get("Customer", Map.of("id", 6004L))).isPresent();
  }

  @Test
  void approveChecksStateChangesItAndRecordsTheApprover() {
    HttpResponse<String> approved =
        send(
            request("/BillOfMaterials('BOM-1')/Junction.approve")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode bom = json(approved);
    assertThat(bom.get("status").asString()).isEqualTo("approved");
    assertThat(bom.get("approvedBy").asString()).isEqualTo("it-user");
    assertThat(bom.get("approvedAt").isNull()).isFalse();
    assertThat(store.get("BillOfMaterials", Map.of("id", "BOM-1")).orElseThrow().get("status"))
        .isEqualTo("approved");

    JsonNode again =
        assertODataError(
            send(
                request("/BillOfMaterials('BOM-2')/Junction.approve")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build()),
            409);
    assertThat(again.get("message").asString()).contains("approved").contains("someone");
    assertODataError(
        send(
            request("/BillOfMaterials('BOM-9')/Junction.approve")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build()),
        404);
  }

  @Test
  void olingoClientSeesConflictAsError() {
    ODataEntityCreateRequest<ClientEntity> create =
        client.getCUDRequestFactory().getEntityCreateRequest(uri("/Customer"), customer(2, "dup"));
    create.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
    assertThatThrownBy(create::execute)
        .isInstanceOfSatisfying(
            ODataClientErrorException.class,
            e -> assertThat(e.getStatusLine().getStatusCode()).isEqualTo(409));
  }

  @Test
  void jsonBatchAtomicityGroupIsAllOrNothing() {
    String failing =
        """
        {"requests":[
          {"id":"1","atomicityGroup":"g","method":"POST","url":"Customer",
           "body":{"id":7001,"name":"Seven"}},
          {"id":"2","atomicityGroup":"g","method":"PATCH","url":"Customer(7999)",
           "body":{"city":"Nowhere"}},
          {"id":"3","method":"GET","url":"Customer(1)?$select=name"}
        ]}
        """;
    HttpResponse<String> response =
        send(
            request("/$batch")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(failing))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answers = json(response).get("responses");
    assertThat(answers.get(0).get("status").asInt()).isEqualTo(424);
    assertThat(answers.get(1).get("status").asInt()).isEqualTo(404);
    assertThat(answers.get(2).get("status").asInt()).isEqualTo(200);
    assertThat(answers.get(2).get("body").get("name").asString()).isEqualTo("Customer 1");
    assertThat(store.get("Customer", Map.of("id", 7001L))).as("rolled back").isEmpty();

    String ok =
        """
        {"requests":[
          {"id":"1","atomicityGroup":"g","method":"POST","url":"Customer",
           "body":{"id":7002,"name":"A"}},
          {"id":"2","atomicityGroup":"g","method":"POST","url":"Customer",
           "body":{"id":7003,"name":"B"}}
        ]}
        """;
    JsonNode okAnswers =
        json(send(
                request("/$batch")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ok))
                    .build()))
            .get("responses");
    assertThat(okAnswers.get(0).get("status").asInt()).isEqualTo(201);
    assertThat(okAnswers.get(1).get("status").asInt()).isEqualTo(201);
    assertThat(store.get("Customer", Map.of("id", 7003L))).isPresent();
  }
}
