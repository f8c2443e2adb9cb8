package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.junction.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final String CONNECTION =
      """
      connections:
        - name: erp
          baseUrl: http://127.0.0.1:8089/api/
      """;

  // --- a valid configuration ---------------------------------------------------------------------

  @Test
  void loadsTheDemoConfiguration() {
    JunctionConfig c = ConfigLoader.load(Path.of("../examples/demo/junction.yaml"));

    assertThat(c.store().url()).isEqualTo("jdbc:h2:file:./data/demo");
    assertThat(c.server().apiKeys())
        .singleElement()
        .satisfies(k -> assertThat(k.key()).isEqualTo(SecretRef.env("JUNCTION_API_KEY")));
    ConnectionConfig erp = c.connection("erp").orElseThrow();
    assertThat(erp.baseUrl()).hasToString("http://127.0.0.1:8089/api/");
    assertThat(erp.retry().maxAttempts()).isEqualTo(4);
    assertThat(erp.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(erp.statusRules())
        .containsExactly(new StatusRule(new StatusRule.Range(404, 404), StatusRule.Action.IGNORE));
    assertThat(c.entities())
        .extracting(EntityConfig::name)
        .containsExactly("Customer", "SalesOrder", "SalesOrderLine", "Product", "BillOfMaterials");
    assertThat(c.entity("SalesOrderLine").orElseThrow().key())
        .containsExactly("orderNumber", "lineNo");
    assertThat(c.entity("BillOfMaterials").orElseThrow().field("state")).isPresent();

    IntegrationConfig customers = c.integration("customers").orElseThrow();
    assertThat(customers.aggregation())
        .containsExactly(
            new AggregationSource(11, AggregationSource.JoinType.LEFT, "id", "customerId", 1));
    assertThat(customers.schedule().interval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(customers.syncApi().responseMode())
        .isEqualTo(SyncApiConfig.ResponseMode.CHANGES_ONLY);

    IntegrationConfig lines = c.integration("order-lines").orElseThrow();
    assertThat(lines.isChild()).isTrue();
    assertThat(lines.chaining().childUrlTemplate()).isEqualTo("orders/{{parent.id}}/lines");
    assertThat(lines.chaining().placeholders()).containsExactly("parent.id");
    assertThat(lines.chaining().maxChildCalls()).isEqualTo(5000);
    IntegrationConfig orders = c.integration("orders").orElseThrow();
    assertThat(orders.mappings().get(1).rows()).isEqualTo(new MappingConfig.Rows(21));
    assertThat(orders.endpoint().pagination())
        .isEqualTo(new PaginationConfig.Cursor("cursor", "result.nextCursor", "limit", 500, 1000));
    assertThat(c.exportDefinitions())
        .containsExactly(
            new ExportDefinitionConfig("customers", List.of("Customer"), Map.of(), "csv"));
    assertThat(c.recurringIntegrations())
        .containsExactly(
            new RecurringConfig(
                "customers-out",
                "customers",
                new ScheduleConfig("0 2 * * *", null, "Europe/Zurich"),
                Duration.ofMinutes(30)));
  }

  @Test
  void namesWhatIsWrongWithExportDefinitionsAndRecurringIntegrations() {
    String yaml =
        """
        entities:
          - name: Customer
            key: [id]
            fields: [{name: id, type: integer}]
        exportDefinitions:
          - {name: a, entities: [Customer, Nobody], format: xml}
          - {name: a, entities: [Customer], filters: {Customer: {colour: red}, Order: {id: "1"}}}
        recurringIntegrations:
          - {activityId: out, exportDefinition: b}
          - {activityId: out, schedule: {interval: 1h}}
          - {activityId: "bad id", exportDefinition: a, schedule: {cron: "0 2 * *"}}
        """;
    ConfigException e = failure(() -> ConfigLoader.parse("junction.yaml", yaml));
    assertThat(e.errors())
        .map(ConfigError::toString)
        .containsExactlyInAnyOrder(
            "junction.yaml:6:36 exportDefinitions[0].entities[1]: unknown entity 'Nobody' (known:"
                + " Customer)",
            "junction.yaml:6:53 exportDefinitions[0].format: unknown format 'xml'; use csv or"
                + " jsonl",
            "junction.yaml:7:12 exportDefinitions[1].name: duplicate export definition 'a' (first"
                + " at junction.yaml:6:12)",
            "junction.yaml:7:46 exportDefinitions[1].filters: unknown field 'colour' of entity"
                + " 'Customer' (known: id)",
            "junction.yaml:7:46 exportDefinitions[1].filters: filter for 'Order', which is not one"
                + " of the exported entities",
            "junction.yaml:9:41 recurringIntegrations[0].exportDefinition: unknown export"
                + " definition 'b' (known: a)",
            "junction.yaml:10:18 recurringIntegrations[1].activityId: duplicate recurring"
                + " activity 'out' (first at junction.yaml:9:18)",
            "junction.yaml:10:33 recurringIntegrations[1].schedule: a schedule runs an export:"
                + " set 'exportDefinition' too",
            "junction.yaml:11:18 recurringIntegrations[2].activityId: invalid name 'bad id'; use"
                + " letters, digits, '_', '-' and '.' (at most 100)",
            "junction.yaml:11:66 recurringIntegrations[2].schedule.cron: a cron expression has 5"
                + " fields (6 with seconds first), got 4 in '0 2 * *'");
  }

  @Test
  void theReferenceDocumentShowsTheDemoConfigurationVerbatim() throws Exception {
    String doc = Files.readString(Path.of("../docs/configuration.md"));
    String demo = Files.readString(Path.of("../examples/demo/junction.yaml"));
    int start = doc.lastIndexOf("```yaml\n") + "```yaml\n".length();
    int end = doc.indexOf("```", start);
    assertThat(doc.substring(start, end)).isEqualTo(demo);
  }

  @Test
  void theReferenceDocumentNamesEveryKey() throws Exception {
    String doc = Files.readString(Path.of("../docs/configuration.md"));
    List<Class<?>> sections =
        new ArrayList<>(
            List.of(
                JunctionConfig.class,
                StoreConfig.class,
                ServerConfig.class,
                ServerConfig.ApiKeyConfig.class,
                ConnectionConfig.class,
                TlsConfig.class,
                RetryConfig.class,
                RateLimitConfig.class,
                StatusRule.class,
                EntityConfig.class,
                FieldConfig.class,
                RelationConfig.class,
                IntegrationConfig.class,
                EndpointConfig.class,
                ChainingConfig.class,
                AggregationSource.class,
                MappingConfig.class,
                FieldMapping.class,
                ScheduleConfig.class,
                SyncApiConfig.class,
                SyncApiConfig.Field.class,
                ActionConfig.class,
                ExportDefinitionConfig.class,
                RecurringConfig.class));
    sections.addAll(List.of(AuthConfig.class.getPermittedSubclasses()));
    sections.addAll(List.of(PaginationConfig.class.getPermittedSubclasses()));
    for (Class<?> section : sections) {
      for (var component : section.getRecordComponents()) {
        assertThat(doc)
            .as(
                "docs/configuration.md documents %s.%s",
                section.getSimpleName(), component.getName())
            .containsAnyOf("`" + component.getName() + "`", "." + component.getName() + "`");
      }
    }
  }

  @Test
  void findsChildEndpointsInChainOrder() {
    JunctionConfig c = ConfigLoader.load(Path.of("../examples/demo/junction.yaml"));
    IntegrationConfig orders = c.integration(20).orElseThrow();
    assertThat(c.children(orders))
        .extracting(IntegrationConfig::name)
        .containsExactly("order-lines");
    assertThat(c.children(c.integration("customers").orElseThrow())).isEmpty();
  }

  @Test
  void missingOptionalKeysTakeTheirDefaults() {
    JunctionConfig c =
        ConfigLoader.parse(
            "junction.yaml",
            CONNECTION
                + """
                integrations:
                  - name: customers
                    sortingOrder: 1
                    connection: erp
                    endpoint: {path: customers}
                """);

    ConnectionConfig erp = c.connections().getFirst();
    assertThat(erp.auth()).isEqualTo(new AuthConfig.None());
    assertThat(erp.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(erp.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(erp.maxConcurrency()).isEqualTo(32);
    assertThat(erp.retry()).isEqualTo(RetryConfig.defaults());
    assertThat(erp.rateLimit()).isEqualTo(RateLimitConfig.defaults());
    assertThat(erp.tls()).isEqualTo(TlsConfig.defaults());
    IntegrationConfig i = c.integrations().getFirst();
    assertThat(i.chaining()).isEqualTo(ChainingConfig.root());
    assertThat(i.endpoint().pagination()).isEqualTo(new PaginationConfig.None());
    assertThat(i.endpoint().dataPath()).isEmpty();
    assertThat(i.syncApi()).isEqualTo(SyncApiConfig.notExposed());
    assertThat(i.syncApi().apiVersion()).isEqualTo("v2.0");
    assertThat(c.store()).isEqualTo(StoreConfig.defaults());
    assertThat(c.server()).isEqualTo(ServerConfig.defaults());
  }

  @Test
  void yamlDefaultsOfSectionsEqualTheirJavaDefaults() {
    JunctionConfig c =
        ConfigLoader.parse(
            "junction.yaml",
            """
            store: {}
            server: {}
            connections:
              - {name: erp, baseUrl: "http://x/", retry: {}, rateLimit: {}, tls: {}}
            integrations:
              - name: a
                sortingOrder: 1
                connection: erp
                endpoint: {path: a, pagination: {type: offset}}
                chaining: {}
                syncApi: {}
            """);
    assertThat(c.store()).isEqualTo(StoreConfig.defaults());
    assertThat(c.server()).isEqualTo(ServerConfig.defaults());
    assertThat(c.connections().getFirst())
        .isEqualTo(new ConnectionConfig("erp", java.net.URI.create("http://x/")));
    IntegrationConfig i = c.integrations().getFirst();
    assertThat(i.chaining()).isEqualTo(ChainingConfig.root());
    assertThat(i.syncApi()).isEqualTo(SyncApiConfig.notExposed());
    assertThat(i.endpoint().pagination())
        .isEqualTo(new PaginationConfig.Offset("offset", "limit", 100, 10_000, true));
  }

  @Test
  void parsesDurationsInEveryForm() {
    JunctionConfig c =
        ConfigLoader.parse(
            "junction.yaml",
            """
            connections:
              - name: a
                baseUrl: http://a/
                connectTimeout: 500ms
                requestTimeout: 2m
                retry: {initialBackoff: 1s, maxBackoff: 1h}
              - name: b
                baseUrl: http://b/
                connectTimeout: PT5S
                requestTimeout: 1d
            """);
    ConnectionConfig a = c.connections().get(0);
    ConnectionConfig b = c.connections().get(1);
    assertThat(a.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(a.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(a.retry().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(a.retry().maxBackoff()).isEqualTo(Duration.ofHours(1));
    assertThat(b.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(b.requestTimeout()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void matchesEnumsIgnoringCaseAndSeparators() {
    JunctionConfig c =
        ConfigLoader.parse(
            "junction.yaml",
            CONNECTION
                + """
                    auth: {type: APIKEY, name: X-Api-Key, in: Query, value: "${env:K}"}
                    statusRules:
                      - {status: 5xx, action: RETRY}
                      - {status: 400-403, action: fail}
                entities:
                  - name: Customer
                    key: [number]
                    cache: Realtime
                    fields:
                      - {name: number, type: STRING}
                integrations:
                  - name: customers
                    sortingOrder: 1
                    connection: erp
                    endpoint: {path: customers}
                    syncApi: {exposeAsSyncApi: true, responseMode: full_dataset, stagingMode: in-memory}
                """);
    assertThat(c.connections().getFirst().auth())
        .isEqualTo(
            new AuthConfig.ApiKey(
                "X-Api-Key", AuthConfig.ApiKey.Location.QUERY, SecretRef.env("K")));
    assertThat(c.connections().getFirst().statusRules())
        .containsExactly(
            new StatusRule(new StatusRule.Range(500, 599), StatusRule.Action.RETRY),
            new StatusRule(new StatusRule.Range(400, 403), StatusRule.Action.FAIL));
    assertThat(c.entities().getFirst().cache()).isEqualTo(CachePolicy.REALTIME);
    assertThat(c.entities().getFirst().fields().getFirst().type()).isEqualTo(FieldType.STRING);
    SyncApiConfig s = c.integrations().getFirst().syncApi();
    assertThat(s.responseMode()).isEqualTo(SyncApiConfig.ResponseMode.FULL_DATASET);
    assertThat(s.stagingMode()).isEqualTo(SyncApiConfig.StagingMode.IN_MEMORY);
  }

  // --- bad configurations: one kind each, with the exact message
  // ----------------------------------

  @Test
  void reportsAnUnknownConnectionLikeTheIssueExample() {
    assertErrors(
        """
        connections:
          - name: erp
            baseUrl: http://127.0.0.1:8089/
          - name: crm
            baseUrl: http://127.0.0.1:8090/
        integrations:
          - {name: customers, sortingOrder: 10, connection: erp, endpoint: {path: customers}}
          - {name: contacts, sortingOrder: 20, connection: crm, endpoint: {path: contacts}}
          - name: orders
            sortingOrder: 30
            endpoint:
              path: orders
              dataPath: data
            connection: erp2
        """,
        "junction.yaml:14:17 integrations[2].connection: unknown connection 'erp2' (known: erp,"
            + " crm)");
  }

  @Test
  void reportsAnUnknownKeyWithTheClosestKnownKey() {
    assertErrors(
        CONNECTION + "    conectTimeout: 5s\n",
        "junction.yaml:4:5 connections[0].conectTimeout: unknown key 'conectTimeout' (did you mean"
            + " 'connectTimeout'?)");
  }

  @Test
  void reportsAnUnknownKeyWithTheKnownKeysWhenNoneIsClose() {
    assertErrors(
        "store:\n  colour: blue\n",
        "junction.yaml:2:3 store.colour: unknown key 'colour' (known: url, username, password,"
            + " maxPoolSize, allowDestructiveChanges)");
  }

  @Test
  void reportsAMissingRequiredKey() {
    assertErrors(
        """
        connections:
          - name: erp
            connectTimeout: 5s
        """,
        "junction.yaml:2:5 connections[0]: missing required key 'baseUrl'");
  }

  @Test
  void reportsAWrongType() {
    assertErrors(
        CONNECTION + "    maxConcurrency: many\n",
        "junction.yaml:4:21 connections[0].maxConcurrency: expected an integer, got 'many'");
  }

  @Test
  void reportsAListWhereAMappingBelongs() {
    assertErrors(
        CONNECTION + "    retry: [3]\n",
        "junction.yaml:4:12 connections[0].retry: expected a mapping, got a list");
  }

  @Test
  void reportsANegativeTimeout() {
    assertErrors(
        CONNECTION + "    connectTimeout: -5s\n",
        "junction.yaml:4:21 connections[0].connectTimeout: must be greater than zero, was -5s");
  }

  @Test
  void reportsAZeroConcurrency() {
    assertErrors(
        CONNECTION + "    maxConcurrency: 0\n",
        "junction.yaml:4:21 connections[0].maxConcurrency: must be greater than zero, was 0");
  }

  @Test
  void reportsAnUnreadableDuration() {
    assertErrors(
        CONNECTION + "    requestTimeout: 5 minutes\n",
        "junction.yaml:4:21 connections[0].requestTimeout: expected a duration such as 500ms, 5s,"
            + " 2m, 1h, 1d or PT5S, got '5 minutes'");
  }

  @Test
  void reportsABadEnumValueWithTheAllowedOnes() {
    assertErrors(
        """
        entities:
          - name: Customer
            key: [number]
            fields:
              - {name: number, type: strng}
        """,
        "junction.yaml:5:30 entities[0].fields[0].type: bad value 'strng'; expected one of: string,"
            + " integer, long, decimal, boolean, date, datetime, json (did you mean 'string'?)");
  }

  @Test
  void reportsAnUnknownAuthType() {
    assertErrors(
        CONNECTION + "    auth: {type: kerberos}\n",
        "junction.yaml:4:18 connections[0].auth.type: unknown type 'kerberos' (known: none, basic,"
            + " bearer, apiKey, oauth2)");
  }

  @Test
  void reportsAMissingVariantKeyOfAnAuthType() {
    assertErrors(
        CONNECTION + "    auth:\n      type: basic\n      username: svc\n",
        "junction.yaml:5:7 connections[0].auth: missing required key 'password'");
  }

  @Test
  void reportsDuplicateConnectionNames() {
    assertErrors(
        CONNECTION + "  - name: erp\n    baseUrl: http://other/\n",
        "junction.yaml:4:11 connections[1].name: duplicate connection name 'erp' (first at"
            + " junction.yaml:2:11)");
  }

  @Test
  void reportsDuplicateSortingOrders() {
    assertErrors(
        CONNECTION
            + """
            integrations:
              - {name: a, sortingOrder: 7, connection: erp, endpoint: {path: a}}
              - {name: b, sortingOrder: 7, connection: erp, endpoint: {path: b}}
            """,
        "junction.yaml:6:29 integrations[1].sortingOrder: duplicate sortingOrder 7 (also used by"
            + " integration 'a' at junction.yaml:5:29)");
  }

  @Test
  void reportsDuplicateFieldNamesIgnoringCase() {
    assertErrors(
        """
        entities:
          - name: Customer
            key: [number]
            fields:
              - {name: number, type: string}
              - {name: Number, type: integer}
        """,
        "junction.yaml:6:16 entities[0].fields[1].name: duplicate field name 'Number' in entity"
            + " 'Customer' (names ignore case; first at junction.yaml:5:16)");
  }

  @Test
  void readsIndexesAndReportsOneNamingAMissingFieldOrABadDirection() {
    assertErrors(
        """
        entities:
          - name: Customer
            key: [number]
            fields:
              - {name: number, type: string}
              - {name: city, type: string}
            indexes:
              - [city desc, number]
              - [town]
              - [city sideways]
        """,
        "junction.yaml:9:9 entities[0].indexes[1]: unknown field 'town' of entity 'Customer'"
            + " (known: number, city)",
        "junction.yaml:10:9 entities[0].indexes[2]: index column 'city sideways' must be a field"
            + " name, optionally followed by asc or desc");
  }

  @Test
  void reportsAKeyNamingAMissingField() {
    assertErrors(
        """
        entities:
          - name: Customer
            key: [number, nr]
            fields:
              - {name: number, type: string}
              - {name: name, type: string}
        """,
        "junction.yaml:3:19 entities[0].key[1]: unknown field 'nr' of entity 'Customer' (known:"
            + " number, name)");
  }

  @Test
  void reportsARelationToAnUnknownEntity() {
    assertErrors(
        """
        entities:
          - name: SalesOrder
            key: [number]
            fields: [{name: number, type: string}]
            relations:
              - {name: lines, entity: SalesOrderLines, foreignKey: [orderNumber]}
          - name: SalesOrderLine
            key: [orderNumber]
            fields: [{name: orderNumber, type: string}]
        """,
        "junction.yaml:6:31 entities[0].relations[0].entity: unknown entity 'SalesOrderLines'"
            + " (known: SalesOrder, SalesOrderLine)");
  }

  @Test
  void reportsStringLengthAndDecimalPrecisionOutOfRange() {
    assertErrors(
        """
        entities:
          - name: Item
            key: [sku]
            fields:
              - {name: sku, type: string, length: 20000000}
              - {name: price, type: decimal, precision: 10, scale: 12}
        """,
        "junction.yaml:5:43 entities[0].fields[0].length: must be at most 10485760, was 20000000",
        "junction.yaml:6:60 entities[0].fields[1].scale: must not exceed precision (10), was 12");
  }

  @Test
  void reportsAParentSortOrderThatDoesNotExist() {
    assertErrors(
        CONNECTION
            + """
            integrations:
              - {name: orders, sortingOrder: 20, connection: erp, endpoint: {path: orders}}
              - name: lines
                sortingOrder: 21
                connection: erp
                chaining:
                  parentEndpointSortOrder: 99
                  parentKeyJsonPath: id
                  childUrlTemplate: orders/{{parent.id}}/lines
            """,
        "junction.yaml:10:32 integrations[1].chaining.parentEndpointSortOrder: no integration has"
            + " sortingOrder 99 (known: 20, 21)");
  }

  @Test
  void refusesAnAggregationSourceThatIsTheIntegrationItself() {
    assertErrors(
        CONNECTION
            + """
            integrations:
              - name: customers
                sortingOrder: 10
                connection: erp
                endpoint: {path: customers}
                aggregation:
                  - sourceEndpointSortingOrder: 10
                    primaryKeyJsonPath: id
                    foreignKeyJsonPath: customerId
            """,
        "junction.yaml:10:37 integrations[0].aggregation[0].sourceEndpointSortingOrder: Cannot"
            + " reference the same integration as the primary endpoint");
  }

  @Test
  void reportsAnAggregationSourceThatDoesNotExist() {
    assertErrors(
        CONNECTION
            + """
            integrations:
              - name: customers
                sortingOrder: 10
                connection: erp
                endpoint: {path: customers}
                aggregation:
                  - {sourceEndpointSortingOrder: 12, primaryKeyJsonPath: id, foreignKeyJsonPath: id}
            """,
        "junction.yaml:10:38 integrations[0].aggregation[0].sourceEndpointSortingOrder: no"
            + " integration has sortingOrder 12 (known: 10)");
  }

  @Test
  void reportsAMappingToAnUnknownField() {
    assertErrors(
        CONNECTION
            + """
            entities:
              - name: Customer
                key: [number]
                fields: [{name: number, type: string}]
            integrations:
              - name: customers
                sortingOrder: 10
                connection: erp
                endpoint: {path: customers}
                mappings:
                  - entity: Customer
                    fields:
                      - {field: number, source: id}
                      - {field: city, source: address.city}
            """,
        "junction.yaml:17:21 integrations[0].mappings[0].fields[1].field: unknown field 'city' of"
            + " entity 'Customer' (known: number)");
  }

  @Test
  void reportsAnUnmappedKeyField() {
    assertErrors(
        CONNECTION
            + """
            entities:
              - name: Customer
                key: [number]
                fields: [{name: number, type: string}, {name: name, type: string}]
            integrations:
              - name: customers
                sortingOrder: 10
                connection: erp
                endpoint: {path: customers}
                mappings:
                  - entity: Customer
                    fields:
                      - {field: name, source: name}
            """,
        "junction.yaml:16:11 integrations[0].mappings[0].fields: key field 'number' of entity"
            + " 'Customer' is not mapped");
  }

  @Test
  void reportsAMalformedChildUrlPlaceholder() {
    assertErrors(
        CONNECTION
            + """
            integrations:
              - {name: orders, sortingOrder: 20, connection: erp, endpoint: {path: orders}}
              - name: lines
                sortingOrder: 21
                connection: erp
                chaining:
                  parentEndpointSortOrder: 20
                  parentKeyJsonPath: id
                  childUrlTemplate: orders/{{id}}/lines
            """,
        "junction.yaml:12:25 integrations[1].chaining.childUrlTemplate: bad placeholder {{id}}; use"
            + " {{parent.<path>}} such as {{parent.id}}");
  }

  @Test
  void refusesAnAbsoluteEndpointPath() {
    assertErrors(
        CONNECTION
            + """
            integrations:
              - {name: a, sortingOrder: 1, connection: erp, endpoint: {path: "https://evil.example/x"}}
            """,
        "junction.yaml:5:66 integrations[0].endpoint.path: must be a path relative to the"
            + " connection's baseUrl, not an absolute URL, got 'https://evil.example/x'");
  }

  @Test
  void reportsADependencyCycle() {
    assertErrors(
        CONNECTION
            + """
            integrations:
              - {name: a, sortingOrder: 1, connection: erp, endpoint: {path: a}, dependsOn: [b]}
              - {name: b, sortingOrder: 2, connection: erp, endpoint: {path: b}, dependsOn: [a]}
            """,
        "junction.yaml:5:81 integrations[0].dependsOn: dependency cycle: a -> b -> a");
  }

  @Test
  void reportsABadStatusRule() {
    assertErrors(
        CONNECTION + "    statusRules:\n      - {status: 7xx, action: retry}\n",
        "junction.yaml:5:18 connections[0].statusRules[0].status: expected a status such as 404,"
            + " 500-599 or 5xx, got '7xx'");
  }

  @Test
  void reportsInvalidYamlSyntax() {
    assertErrors(
        "connections:\n  - name: erp\n    baseUrl: [http://x/\n",
        "junction.yaml:4:1 invalid YAML: while parsing a flow sequence: expected ',' or ']', but"
            + " got <stream end>");
  }

  @Test
  void reportsADuplicateKeyInOneMapping() {
    assertErrors(
        CONNECTION + "    baseUrl: http://again/\n",
        "junction.yaml:4:5 duplicate key 'baseUrl' in the same mapping");
  }

  @Test
  void reportsEveryErrorAtOnceSortedByPosition() {
    assertErrors(
        """
        connections:
          - name: erp
            baseUrl: http://127.0.0.1:8089/
            requestTimeout: 0s
            retry: {maxAttempts: -1}
        entities:
          - name: Customer
            key: [id]
            fields: [{name: number, type: string}]
        integrations:
          - {name: a, sortingOrder: 1, connection: crm, endpoint: {path: a}}
          - {name: b, sortingOrder: 1, connection: erp, endpoint: {path: b}, dependsOn: [c]}
        """,
        "junction.yaml:4:21 connections[0].requestTimeout: must be greater than zero, was 0ms",
        "junction.yaml:5:26 connections[0].retry.maxAttempts: must be greater than zero, was -1",
        "junction.yaml:8:11 entities[0].key[0]: unknown field 'id' of entity 'Customer' (known:"
            + " number)",
        "junction.yaml:11:44 integrations[0].connection: unknown connection 'crm' (known: erp)",
        "junction.yaml:12:29 integrations[1].sortingOrder: duplicate sortingOrder 1 (also used by"
            + " integration 'a' at junction.yaml:11:29)",
        "junction.yaml:12:82 integrations[1].dependsOn[0]: unknown integration 'c' (known: a,"
            + " b)");
  }

  // --- secrets -----------------------------------------------------------------------------------

  @Test
  void refusesALiteralSecretWithoutEchoingIt() {
    String yaml = CONNECTION + "    auth: {type: bearer, token: s3cr3t-T0ken}\n";
    ConfigException e = failure(() -> ConfigLoader.parse("junction.yaml", yaml));
    assertThat(e.errors())
        .map(ConfigError::toString)
        .containsExactly(
            "junction.yaml:4:33 connections[0].auth.token: literal secret refused; use ${env:NAME}"
                + " or ${file:PATH}");
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
  }

  @Test
  void refusesALiteralSecretInEverySecretField() {
    String yaml =
        """
        store:
          password: hunter2
        server:
          apiKeys:
            - {name: ops, key: hunter3}
        connections:
          - name: erp
            baseUrl: http://x/
            auth: {type: oauth2, tokenUrl: "http://x/token", clientId: app, clientSecret: hunter4}
            tls: {trustStorePassword: hunter5}
        """;
    ConfigException e = failure(() -> ConfigLoader.parse("junction.yaml", yaml));
    assertThat(e.errors())
        .map(ConfigError::toString)
        .contains(
            "junction.yaml:2:13 store.password: literal secret refused; use ${env:NAME} or"
                + " ${file:PATH}",
            "junction.yaml:5:24 server.apiKeys[0].key: literal secret refused; use ${env:NAME} or"
                + " ${file:PATH}",
            "junction.yaml:9:83 connections[0].auth.clientSecret: literal secret refused; use"
                + " ${env:NAME} or ${file:PATH}",
            "junction.yaml:10:31 connections[0].tls.trustStorePassword: literal secret refused;"
                + " use ${env:NAME} or ${file:PATH}");
    assertThat(e.getMessage()).doesNotContain("hunter");
  }

  @Test
  void refusesCredentialsInAUrlWithoutEchoingThem() {
    ConfigException e =
        failure(
            () ->
                ConfigLoader.parse(
                    "junction.yaml",
                    "connections:\n  - name: erp\n    baseUrl: https://svc:pa55word@erp.example/\n"));
    assertThat(e.errors())
        .map(ConfigError::toString)
        .containsExactly(
            "junction.yaml:3:14 connections[0].baseUrl: credentials in a URL refused; use auth"
                + " with ${env:NAME} or ${file:PATH}");
    assertThat(e.getMessage()).doesNotContain("pa55word");
  }

  @Test
  void resolvesEnvironmentAndFileSecrets(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("token.txt"), "file-value\n");
    SecretResolver resolver = SecretResolver.of(Map.of("ERP_PASSWORD", "env-value"), dir);

    assertThat(resolver.resolve(SecretRef.env("ERP_PASSWORD")).reveal()).isEqualTo("env-value");
    assertThat(resolver.resolve(new SecretRef("${file:token.txt}")).reveal())
        .isEqualTo("file-value");
  }

  @Test
  void secretNeverShowsItsValue() {
    Secret s = Secret.of("abc123");
    assertThat(s.toString()).doesNotContain("abc123");
    assertThat(s.matches("abc123")).isTrue();
    assertThat(s.matches("abc124")).isFalse();
    assertThat(s).isEqualTo(Secret.of("abc123"));
  }

  @Test
  void namesAMissingEnvironmentVariable() {
    SecretResolver resolver = SecretResolver.of(Map.of());
    try {
      resolver.resolve(SecretRef.env("ERP_TOKEN"));
      fail("expected UnresolvedSecretException");
    } catch (UnresolvedSecretException e) {
      assertThat(e.getMessage())
          .isEqualTo("environment variable 'ERP_TOKEN' is not set (secret ${env:ERP_TOKEN})");
      assertThat(e.reference()).isEqualTo(SecretRef.env("ERP_TOKEN"));
    }
  }

  @Test
  void reportsUnresolvableSecretsByNameWhenLoadingWithAResolver(@TempDir Path dir) {
    String yaml =
        CONNECTION
            + """
                auth: {type: basic, username: svc, password: "${env:ERP_PASSWORD}"}
                tls: {trustStorePassword: "${file:missing.txt}"}
            """;
    SecretResolver resolver = SecretResolver.of(Map.of("OTHER", "x"), dir);
    ConfigException e = failure(() -> ConfigLoader.parse("junction.yaml", yaml, resolver));
    assertThat(e.errors())
        .map(ConfigError::toString)
        .containsExactly(
            "junction.yaml:4:50 connections[0].auth.password: environment variable 'ERP_PASSWORD'"
                + " is not set (secret ${env:ERP_PASSWORD})",
            "junction.yaml:5:31 connections[0].tls.trustStorePassword: a trust store password"
                + " needs a trustStore",
            "junction.yaml:5:31 connections[0].tls.trustStorePassword: secret file 'missing.txt'"
                + " cannot be read (NoSuchFileException)");

    JunctionConfig ok =
        ConfigLoader.parse(
            "junction.yaml",
            CONNECTION + "    auth: {type: bearer, token: \"${env:T}\"}\n",
            SecretResolver.of(Map.of("T", "value")));
    assertThat(ok.connections().getFirst().auth())
        .isEqualTo(new AuthConfig.Bearer(SecretRef.env("T")));
  }

  @Test
  void secretReferencesMustBeWellFormed() {
    assertThat(SecretRef.isReference("${env:ERP_TOKEN}")).isTrue();
    assertThat(SecretRef.isReference("${file:/run/secrets/erp}")).isTrue();
    assertThat(SecretRef.isReference("${vault:erp}")).isFalse();
    assertThat(SecretRef.isReference("${env:}")).isFalse();
    assertThat(SecretRef.isReference("plain")).isFalse();
    assertThat(new SecretRef("${file:/run/secrets/erp}").kind()).isEqualTo(SecretRef.Kind.FILE);
    assertThat(new SecretRef("${file:/run/secrets/erp}").name()).isEqualTo("/run/secrets/erp");
  }

  // --- folders -----------------------------------------------------------------------------------

  @Test
  void loadsAFolderMergingListsInFileNameOrder(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("10-connections.yaml"), CONNECTION);
    Files.writeString(
        dir.resolve("20-entities.yml"),
        "entities:\n  - {name: Customer, key: [number], fields: [{name: number, type: string}]}\n");
    Files.writeString(
        dir.resolve("30-integrations.yaml"),
        """
        integrations:
          - {name: customers, sortingOrder: 1, connection: erp, endpoint: {path: customers}}
        """);
    Files.writeString(
        dir.resolve("31-more.yaml"),
        """
        integrations:
          - {name: products, sortingOrder: 2, connection: erp, endpoint: {path: products}}
        """);
    Files.writeString(dir.resolve("notes.txt"), "not: config");

    JunctionConfig c = ConfigLoader.load(dir);

    assertThat(c.connections()).extracting(ConnectionConfig::name).containsExactly("erp");
    assertThat(c.entities()).extracting(EntityConfig::name).containsExactly("Customer");
    assertThat(c.integrations())
        .extracting(IntegrationConfig::name)
        .containsExactly("customers", "products");
  }

  @Test
  void loadsTheFolderExample() {
    JunctionConfig c = ConfigLoader.load(Path.of("../examples/folder"));

    assertThat(c.connections())
        .extracting(x -> x.name() + ":" + x.auth().getClass().getSimpleName())
        .containsExactly("erp:ApiKey", "crm:OAuth2ClientCredentials", "billing:Basic");
    assertThat(c.entities()).extracting(EntityConfig::name).containsExactly("Contact", "Invoice");
    assertThat(c.integrations())
        .extracting(IntegrationConfig::name)
        .containsExactly("contacts", "invoices");
  }

  @Test
  void reportsDuplicatesAcrossFilesOfAFolder(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), CONNECTION + "store:\n  url: jdbc:h2:mem:a\n");
    Files.writeString(dir.resolve("b.yaml"), CONNECTION + "store:\n  url: jdbc:h2:mem:b\n");

    ConfigException e = failure(() -> ConfigLoader.load(dir));

    String a = dir.resolve("a.yaml").toString();
    String b = dir.resolve("b.yaml").toString();
    assertThat(e.errors())
        .map(ConfigError::toString)
        .containsExactly(
            b
                + ":4:1 store: section 'store' is already defined at "
                + a
                + ":4:1; define it in one"
                + " file only");
  }

  @Test
  void reportsADuplicateConnectionNameInAnotherFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), CONNECTION);
    Files.writeString(dir.resolve("b.yaml"), CONNECTION);

    ConfigException e = failure(() -> ConfigLoader.load(dir));

    String a = dir.resolve("a.yaml").toString();
    String b = dir.resolve("b.yaml").toString();
    assertThat(e.errors())
        .map(ConfigError::toString)
        .containsExactly(
            b
                + ":2:11 connections[0].name: duplicate connection name 'erp' (first at "
                + a
                + ":2:11)");
  }

  @Test
  void reportsAMissingFile() {
    ConfigException e = failure(() -> ConfigLoader.load(Path.of("no/such/junction.yaml")));
    assertThat(e.errors())
        .map(ConfigError::toString)
        .containsExactly("no/such/junction.yaml:0:0 no such file or folder");
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static void assertErrors(String yaml, String... expected) {
    ConfigException e = failure(() -> ConfigLoader.parse("junction.yaml", yaml));
    assertThat(e.errors()).map(ConfigError::toString).containsExactly(expected);
    assertThat(e.getMessage()).contains(expected);
  }

  private static ConfigException failure(Runnable load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException");
  }
}
