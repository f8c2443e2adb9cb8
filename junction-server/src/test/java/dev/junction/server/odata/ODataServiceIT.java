package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.olingo.client.api.communication.ODataClientErrorException;
import org.apache.olingo.client.api.communication.request.retrieve.ODataEntitySetRequest;
import org.apache.olingo.client.api.communication.response.ODataRetrieveResponse;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmAction;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OData protocol over real HTTP with Apache Olingo's client: metadata, reads, query options.
 */
class ODataServiceIT extends ODataITBase {

  private ClientEntitySet entitySet(String pathAndQuery) {
    ODataEntitySetRequest<ClientEntitySet> request =
        client.getRetrieveRequestFactory().getEntitySetRequest(URI.create(root() + pathAndQuery));
    request.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
    ODataRetrieveResponse<ClientEntitySet> response = request.execute();
    assertThat(response.getStatusCode()).isEqualTo(200);
    return response.getBody();
  }

  private List<Long> ids(String pathAndQuery) {
    List<Long> ids = new ArrayList<>();
    for (ClientEntity e : entitySet(pathAndQuery).getEntities()) {
      ids.add(Long.valueOf(e.getProperty("id").getPrimitiveValue().toString()));
    }
    return ids;
  }

  @Test
  void metadataDescribesEntitiesKeysRelationsAndActions() {
    var request = client.getRetrieveRequestFactory().getMetadataRequest(root());
    request.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
    Edm edm = request.execute().getBody();
    EdmEntityType line = edm.getEntityType(new FullQualifiedName("Junction", "SalesOrderLine"));
    assertThat(line.getKeyPredicateNames()).containsExactly("orderId", "lineNo");
    EdmEntityType customer = edm.getEntityType(new FullQualifiedName("Junction", "Customer"));
    assertThat(customer.getStructuralProperty("balance").getType().getName()).isEqualTo("Decimal");
    assertThat(customer.getStructuralProperty("balance").getScale()).isEqualTo(2);
    assertThat(customer.getStructuralProperty("since").getType().getName()).isEqualTo("Date");
    assertThat(customer.getStructuralProperty("name").getMaxLength()).isEqualTo(40);
    EdmEntityType order = edm.getEntityType(new FullQualifiedName("Junction", "SalesOrder"));
    assertThat(order.getNavigationProperty("lines").isCollection()).isTrue();
    assertThat(order.getNavigationProperty("lines").getType().getName())
        .isEqualTo("SalesOrderLine");
    EdmAction approve =
        edm.getBoundAction(
            new FullQualifiedName("Junction", "approve"),
            new FullQualifiedName("Junction", "BillOfMaterials"),
            false);
    assertThat(approve).isNotNull();
    assertThat(edm.getEntityContainer().getEntitySet("Reading")).isNotNull();

    HttpResponse<String> jsonCsdl = get("/$metadata?$format=json");
    assertThat(jsonCsdl.statusCode()).isEqualTo(200);
    assertThat(json(jsonCsdl).get("Junction").get("Customer").get("$Key").toString())
        .contains("id");
  }

  @Test
  void filtersWithComparisonsLogicAndNull() {
    assertThat(ids("/Customer?$filter=id%20le%203&$orderby=id")).containsExactly(1L, 2L, 3L);
    assertThat(ids("/Customer?$filter=id%20lt%203%20or%20id%20ge%2099&$orderby=id"))
        .containsExactly(1L, 2L, 99L, 100L);
    assertThat(ids("/Customer?$filter=id%20gt%2095%20and%20not%20(id%20eq%2097)&$orderby=id"))
        .containsExactly(96L, 98L, 99L, 100L);
    assertThat(ids("/Customer?$filter=id%20ne%201%20and%20id%20lt%204&$orderby=id"))
        .containsExactly(2L, 3L);
    assertThat(ids("/Customer?$filter=city%20eq%20null%20and%20id%20le%2010&$orderby=id"))
        .containsExactly(4L, 9L);
    assertThat(ids("/Customer?$filter=city%20ne%20null%20and%20id%20le%203&$orderby=id"))
        .containsExactly(1L, 2L, 3L);
    assertThat(ids("/Customer?$filter=id%20in%20(3,1,7)&$orderby=id")).containsExactly(1L, 3L, 7L);
    assertThat(ids("/Customer?$filter=active%20and%20id%20le%204&$orderby=id"))
        .containsExactly(2L, 4L);
    assertThat(ids("/Customer?$filter=balance%20ge%20995.5&$orderby=id")).containsExactly(100L);
  }

  @Test
  void filtersWithStringDateAndArithmeticFunctions() {
    assertThat(ids("/Customer?$filter=contains(name,'er%2010')&$orderby=id"))
        .containsExactly(10L, 100L);
    assertThat(ids("/Customer?$filter=startswith(name,'Customer%209')&$orderby=id"))
        .containsExactly(9L, 90L, 91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L);
    assertThat(ids("/Customer?$filter=endswith(name,'77')")).containsExactly(77L);
    assertThat(ids("/Customer?$filter=tolower(name)%20eq%20'customer%2042'")).containsExactly(42L);
    assertThat(ids("/Customer?$filter=toupper(city)%20eq%20'OSLO'%20and%20id%20lt%2010"))
        .containsExactly(3L, 8L);
    assertThat(ids("/Customer?$filter=length(name)%20eq%2012")).containsExactly(100L);
    assertThat(ids("/Customer?$filter=trim(name)%20eq%20'Customer%205'")).containsExactly(5L);
    assertThat(
            ids(
                "/Customer?$filter=year(since)%20eq%202001%20and%20month(since)%20eq%202&$orderby=id"))
        .containsExactly(1L, 61L);
    assertThat(ids("/Customer?$filter=day(since)%20eq%2028&$orderby=id"))
        .containsExactly(27L, 55L, 83L);
    assertThat(ids("/Customer?$filter=id%20add%201%20eq%205")).containsExactly(4L);
    assertThat(ids("/Customer?$filter=id%20sub%201%20eq%205")).containsExactly(6L);
    assertThat(ids("/Customer?$filter=id%20mul%202%20eq%2010")).containsExactly(5L);
    assertThat(ids("/Customer?$filter=balance%20div%2010%20eq%203")).containsExactly(3L);
    assertThat(ids("/Customer?$filter=year(updated)%20eq%202024%20and%20id%20eq%201"))
        .containsExactly(1L);
  }

  @Test
  void ordersSelectsTopsSkipsAndCounts() {
    assertThat(ids("/Customer?$orderby=visits%20desc,id%20asc&$top=3"))
        .containsExactly(6L, 13L, 20L);
    assertThat(ids("/Customer?$orderby=id%20desc&$skip=2&$top=2")).containsExactly(98L, 97L);
    ClientEntitySet counted = entitySet("/Customer?$filter=active&$count=true&$top=1");
    assertThat(counted.getCount()).isEqualTo(50);
    assertThat(counted.getEntities()).hasSize(1);
    ClientEntity selected =
        entitySet("/Customer?$select=name&$filter=id%20eq%201").getEntities().get(0);
    assertThat(selected.getProperty("name").getPrimitiveValue().toString()).isEqualTo("Customer 1");
    assertThat(selected.getProperty("city")).isNull();
    assertThat(get("/Customer/$count?$filter=city%20eq%20'Rome'").body()).isEqualTo("20");
    assertThat(get("/Customer/$count").body()).isEqualTo(String.valueOf(ODataTestConfig.CUSTOMERS));
    assertThat(get("/SalesOrder(3)/lines/$count").body()).isEqualTo("3");
  }

  @Test
  void expandsOneLevelWithNestedOptions() {
    HttpResponse<String> response =
        get(
            "/SalesOrder?$filter=id%20le%202&$orderby=id&$expand=lines($select=sku;$filter=lineNo%20ge%202;$orderby=lineNo%20desc;$top=1;$count=true)");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode orders = json(response).get("value");
    assertThat(orders).hasSize(2);
    JsonNode lines = orders.get(0).get("lines");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("sku").asString()).isEqualTo("SKU-13");
    assertThat(lines.get(0).has("qty")).isFalse();
    assertThat(orders.get(0).get("lines@odata.count").asInt()).isEqualTo(2);

    JsonNode single = json(get("/SalesOrder(5)?$expand=lines"));
    assertThat(single.get("lines")).hasSize(3);

    JsonNode navigated = json(get("/SalesOrder(4)/lines?$orderby=lineNo%20desc&$top=2"));
    assertThat(navigated.get("value")).hasSize(2);
    assertThat(navigated.get("value").get(0).get("lineNo").asInt()).isEqualTo(3);

    assertThat(ids("/Customer?$filter=id%20eq%202&$expand=*")).containsExactly(2L);
  }

  @Test
  void readsByCompositeKey() {
    JsonNode line = json(get("/SalesOrderLine(orderId=7,lineNo=2)"));
    assertThat(line.get("sku").asString()).isEqualTo("SKU-72");
    assertThat(line.get("@odata.etag").asString()).startsWith("W/\"");
    assertODataError(get("/SalesOrderLine(orderId=7,lineNo=9)"), 404);
  }

  @Test
  void refusesUnsupportedAndUnknownOptionsWithODataErrors() {
    assertODataError(get("/Customer?$apply=aggregate(balance%20with%20sum%20as%20t)"), 400);
    assertODataError(get("/Customer?$search=foo"), 400);
    assertODataError(get("/Customer?$bogus=1"), 400);
    assertODataError(get("/Customer?$filter=nosuch%20eq%201"), 400);
    assertODataError(get("/Nope"), 404);
    assertODataError(get("/Customer?$filter=name%20eq%201"), 400);
    assertODataError(get("/Customer?$filter=substring(name,1)%20eq%20'x'"), 400);
    assertODataError(get("/Customer?$top=1000000000"), 400);
    assertODataError(get("/Customer?$skiptoken=garbage"), 400);
    assertODataError(get("/Customer?$filter=id%20div%200%20eq%201"), 400);
    assertODataError(get("/SalesOrder?$expand=lines($expand=x)"), 400);
  }

  @Test
  void authenticationAppliesToEveryODataRoute() {
    for (String path : List.of("/", "/$metadata", "/Customer", "/Customer(1)", "/$batch")) {
      HttpResponse<String> response =
          send(HttpRequest.newBuilder(URI.create(root() + path)).GET().build());
      assertThat(response.statusCode()).as(path).isEqualTo(401);
    }
  }

  @Test
  void olingoClientRaisesODataErrorForBadInput() {
    ODataEntitySetRequest<ClientEntitySet> request =
        client
            .getRetrieveRequestFactory()
            .getEntitySetRequest(URI.create(root() + "/Customer?$filter=nosuch%20eq%201"));
    request.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
    assertThatThrownBy(request::execute)
        .isInstanceOfSatisfying(
            ODataClientErrorException.class,
            e -> {
              assertThat(e.getStatusLine().getStatusCode()).isEqualTo(400);
              assertThat(e.getODataError().getMessage()).contains("nosuch");
            });
  }
}
