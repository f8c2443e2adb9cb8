package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.store.RowValues;
import dev.junction.store.StoredRecord;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.EntityCollection;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edmx.EdmxReference;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.EntityCollectionSerializerOptions;
import org.apache.olingo.server.api.serializer.EntitySerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.core.serializer.utils.ContextURLBuilder;
import org.apache.olingo.server.core.uri.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast JSON writer writes exactly the bytes Olingo's serializer writes. */
class EntityJsonWriterTest {
  private static final EntityConfig THING =
      EntityConfig.of(
          "Thing",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.LONG),
              new FieldConfig("name", FieldType.STRING, 40, 0, 0, false, false),
              FieldConfig.of("count", FieldType.INTEGER),
              new FieldConfig("price", FieldType.DECIMAL, 0, 12, 3, false, false),
              FieldConfig.of("active", FieldType.BOOLEAN),
              FieldConfig.of("day", FieldType.DATE),
              FieldConfig.of("at", FieldType.DATETIME),
              FieldConfig.of("doc", FieldType.JSON)));

  private final OData odata = OData.newInstance();
  private final ServiceMetadata metadata =
      odata.createServiceMetadata(
          new EntityEdmProvider(List.of(THING), List.of()), List.<EdmxReference>of());
  private final EdmEntitySet set =
      metadata.getEdm().getEntityContainer().getEntitySet(THING.name());

  private static List<StoredRecord> records() {
    List<StoredRecord> out = new ArrayList<>();
    Map<String, Object> full = new HashMap<>();
    full.put("id", 1L);
    full.put("name", "Ann \"the\" <b>/ Ünïcode ✓ \\ \t tab");
    full.put("count", -42);
    full.put("price", new BigDecimal("1234.500"));
    full.put("active", true);
    full.put("day", LocalDate.of(2024, 2, 29));
    full.put("at", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.UTC));
    full.put("doc", "{\"a\": [1, 2]}");
    out.add(new StoredRecord("Thing", full, 7, Instant.EPOCH));
    Map<String, Object> sparse = new HashMap<>();
    sparse.put("id", Long.MAX_VALUE);
    sparse.put("price", new BigDecimal("0.001"));
    sparse.put("active", false);
    sparse.put("at", OffsetDateTime.of(2024, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC));
    out.add(new StoredRecord("Thing", sparse, 1, Instant.EPOCH));
    // decimals and dates at the edges of the writer's own formatting (the rest goes to Olingo)
    String[] prices = {
      "-0.5",
      "0",
      "0.000",
      "999999999.999",
      "-999999999.999",
      "5.1",
      "1E+3",
      "0.001",
      "-0.001",
      "0.010",
      "10.000",
      "123456789.5",
      "-5",
      "100",
      "-0.100"
    };
    LocalDate[] days = {
      LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1970, 1, 1)
    };
    for (int i = 0; i < prices.length; i++) {
      out.add(
          new StoredRecord(
              "Thing",
              Map.of(
                  "id", 100L + i, "price", new BigDecimal(prices[i]), "day", days[i % days.length]),
              1,
              Instant.EPOCH));
    }
    // timestamps at the edges of the writer's own formatting: fractions with and without trailing
    // zeros, offsets other than UTC, the first and last year it formats (later ones go to Olingo)
    OffsetDateTime[] times = {
      OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
      OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 1_000, ZoneOffset.UTC),
      OffsetDateTime.of(2024, 6, 30, 12, 30, 59, 123_456_000, ZoneOffset.UTC),
      OffsetDateTime.of(2024, 6, 30, 12, 30, 59, 999_999_999, ZoneOffset.UTC),
      OffsetDateTime.of(2024, 6, 30, 12, 30, 59, 100_000_000, ZoneOffset.UTC),
      OffsetDateTime.of(2024, 6, 30, 23, 59, 1, 10, ZoneOffset.ofHoursMinutes(5, 30)),
      OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 0, ZoneOffset.ofHours(-8)),
      OffsetDateTime.of(2024, 2, 29, 1, 2, 3, 0, ZoneOffset.ofHoursMinutesSeconds(1, 0, 30)),
      OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
      OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
      OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000, ZoneOffset.UTC),
      OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
      OffsetDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
    };
    for (int i = 0; i < times.length; i++) {
      out.add(
          new StoredRecord(
              "Thing",
              Map.of("id", 200L + i, "at", times[i], "day", times[i].toLocalDate()),
              (long) Integer.MAX_VALUE * 3 + i,
              Instant.EPOCH));
    }
    for (long i = 2; i < 40; i++) {
      out.add(
          new StoredRecord(
              "Thing",
              Map.of("id", i, "name", "n" + i, "price", BigDecimal.valueOf(i * 1001, 3)),
              i,
              Instant.EPOCH));
    }
    return out;
  }

  private UriInfo parse(String path, String query) throws Exception {
    return new Parser(metadata.getEdm(), odata).parseUri(path, query, null, "http://h/odata");
  }

  private static String text(InputStream in) throws Exception {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "$select=*", "$count=true", "$top=5&$count=true"})
  void collectionMatchesOlingo(String query) throws Exception {
    assertCollectionMatchesOlingo(query, records());
  }

  /** Records as the store reads them: values in a RowValues, in field order. */
  @ParameterizedTest
  @ValueSource(strings = {"", "$count=true"})
  void collectionOfStoreRowsMatchesOlingo(String query) throws Exception {
    List<String> names = THING.fields().stream().map(FieldConfig::name).toList();
    assertCollectionMatchesOlingo(query, asRows(records(), names));
  }

  /** RowValues in another order and without one field: looked up by name, the missing one null. */
  @Test
  void collectionOfRowsInAnotherLayoutMatchesOlingo() throws Exception {
    List<String> names =
        new ArrayList<>(THING.fields().stream().map(FieldConfig::name).toList().reversed());
    names.remove("count");
    List<StoredRecord> rows = asRows(records(), names);
    // two layouts in one page: the positions are found again when the layout changes
    rows.addAll(asRows(records(), THING.fields().stream().map(FieldConfig::name).toList()));
    assertCollectionMatchesOlingo("", rows);
  }

  private static List<StoredRecord> asRows(List<StoredRecord> records, List<String> names) {
    List<StoredRecord> rows = new ArrayList<>();
    for (StoredRecord r : records) {
      List<Object> values = new ArrayList<>();
      for (String name : names) values.add(r.get(name));
      StoredRecord row =
          new StoredRecord(r.entity(), RowValues.of(names, values), r.version(), r.modified());
      assertThat(row.values()).isInstanceOf(RowValues.class);
      rows.add(row);
    }
    return rows;
  }

  private void assertCollectionMatchesOlingo(String query, List<StoredRecord> records)
      throws Exception {
    UriInfo uri = parse("Thing", query);
    ContextURL context =
        ContextURL.with()
            .entitySet(set)
            .selectList(
                odata
                    .createUriHelper()
                    .buildContextURLSelectList(
                        set.getEntityType(), uri.getExpandOption(), uri.getSelectOption()))
            .build();
    QueryPlan plan =
        QueryPlan.of(
            QueryPlan.Options.of(uri), THING, Map.of("Thing", THING), ODataLimits.defaults(), 0);
    boolean count = uri.getCountOption() != null && uri.getCountOption().getValue();
    String next = "http://h/odata/Thing?$skiptoken=abc%22";

    EntityCollection collection = new EntityCollection();
    for (StoredRecord r : records) {
      collection.getEntities().add(RecordMapping.entity(THING, r, plan.select()));
    }
    if (count) collection.setCount(12345);
    collection.setNext(URI.create(next));
    String olingo =
        text(
            odata
                .createSerializer(ContentType.JSON)
                .entityCollection(
                    metadata,
                    set.getEntityType(),
                    collection,
                    EntityCollectionSerializerOptions.with()
                        .contextURL(context)
                        .id("http://h/odata/Thing")
                        .count(uri.getCountOption())
                        .select(uri.getSelectOption())
                        .build())
                .getContent());

    String fast =
        new String(
            new EntityJsonWriter(set.getEntityType())
                .collection(
                    ContextURLBuilder.create(context).toASCIIString(),
                    count ? 12345L : null,
                    records,
                    next),
            StandardCharsets.UTF_8);
    assertThat(fast).isEqualTo(olingo);
  }

  /** The writer's own decimal digits are BigDecimal.toPlainString's, or it leaves them to it. */
  @Test
  void plainDecimalsAreToPlainString() {
    java.util.Random random = new java.util.Random(42);
    char[] out = new char[48];
    List<BigDecimal> values = new ArrayList<>();
    for (String v : new String[] {"0", "0.0", "-1", "1E+3", "1E-20", "-0.000000000000000001"}) {
      values.add(new BigDecimal(v));
    }
    values.add(BigDecimal.valueOf(Long.MAX_VALUE, 18));
    values.add(BigDecimal.valueOf(-999_999_999_999_999_999L, 18));
    values.add(BigDecimal.valueOf(-999_999_999_999_999_999L, 0));
    for (int i = 0; i < 20_000; i++) {
      long unscaled = random.nextLong() >> random.nextInt(64);
      values.add(BigDecimal.valueOf(unscaled, random.nextInt(24) - 3));
    }
    int handled = 0;
    for (BigDecimal d : values) {
      int n = EntityJsonWriter.plain(d, out);
      if (n < 0) {
        assertThat(d.scale() < 0 || d.scale() > 18 || d.precision() > 18).as(d.toString()).isTrue();
        continue;
      }
      handled++;
      assertThat(new String(out, 0, n)).as(d.toString()).isEqualTo(d.toPlainString());
    }
    assertThat(handled).isGreaterThan(5_000);
  }

  @Test
  void entityMatchesOlingo() throws Exception {
    List<StoredRecord> records = new ArrayList<>(records().subList(0, 2));
    records.addAll(
        asRows(records, THING.fields().stream().map(FieldConfig::name).toList())); // as read
    for (StoredRecord record : records) {
      ContextURL context =
          ContextURL.with().entitySet(set).suffix(ContextURL.Suffix.ENTITY).build();
      String olingo =
          text(
              odata
                  .createSerializer(ContentType.JSON)
                  .entity(
                      metadata,
                      set.getEntityType(),
                      RecordMapping.entity(THING, record, null),
                      EntitySerializerOptions.with().contextURL(context).build())
                  .getContent());
      String fast =
          new String(
              new EntityJsonWriter(set.getEntityType())
                  .entity(ContextURLBuilder.create(context).toASCIIString(), record),
              StandardCharsets.UTF_8);
      assertThat(fast).isEqualTo(olingo);
    }
  }

  @Test
  void handlesNeitherSelectNorExpand() throws Exception {
    assertThat(EntityJsonWriter.handles(ContentType.JSON, parse("Thing", "$filter=id gt 1")))
        .isTrue();
    assertThat(EntityJsonWriter.handles(ContentType.JSON, parse("Thing", "$select=*"))).isTrue();
    assertThat(EntityJsonWriter.handles(ContentType.JSON, parse("Thing", "$select=name")))
        .isFalse();
  }

  @Test
  void supportsOnlyMinimalMetadataJsonWithJsonNumbers() {
    assertThat(EntityJsonWriter.supports(ContentType.JSON)).isTrue();
    assertThat(EntityJsonWriter.supports(ContentType.APPLICATION_JSON)).isTrue();
    assertThat(
            EntityJsonWriter.supports(
                ContentType.create("application/json;odata.metadata=minimal")))
        .isTrue();
    assertThat(EntityJsonWriter.supports(ContentType.JSON_FULL_METADATA)).isFalse();
    assertThat(EntityJsonWriter.supports(ContentType.JSON_NO_METADATA)).isFalse();
    assertThat(
            EntityJsonWriter.supports(
                ContentType.create("application/json;IEEE754Compatible=true")))
        .isFalse();
    assertThat(EntityJsonWriter.supports(ContentType.APPLICATION_XML)).isFalse();
  }
}
