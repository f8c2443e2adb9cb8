package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.StoreException;
import dev.junction.ValidationException;
import dev.junction.changes.Change;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.testing.SettableClock;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The record store's behaviour, one body run on H2 and on PostgreSQL. */
class RecordStoreIT {
  static final EntityConfig CUSTOMER =
      EntityConfig.of(
          "Customer",
          List.of("id"),
          List.of(
              new FieldConfig("id", FieldType.LONG, 0, 0, 0, true, false),
              new FieldConfig("name", FieldType.STRING, 20, 0, 0, true, false),
              FieldConfig.of("balance", FieldType.DECIMAL),
              FieldConfig.of("active", FieldType.BOOLEAN),
              FieldConfig.of("since", FieldType.DATE),
              FieldConfig.of("seen", FieldType.DATETIME),
              FieldConfig.of("rank", FieldType.INTEGER),
              FieldConfig.of("extra", FieldType.JSON)));

  static final EntityConfig LINE =
      EntityConfig.of(
          "OrderLine",
          List.of("orderNo", "lineNo"),
          List.of(
              FieldConfig.of("orderNo", FieldType.STRING),
              FieldConfig.of("lineNo", FieldType.INTEGER),
              FieldConfig.of("qty", FieldType.INTEGER)));

  private final SettableClock clock = SettableClock.at("2026-01-01T00:00:00Z");
  private TestDatabase db;
  private RecordStore store;

  private RecordStore open(Kind kind) {
    db = TestDatabases.create(kind);
    store = Store.builder(db.storeConfig()).clock(clock).fetchSize(7).batchSize(50).open();
    store.migrate(List.of(CUSTOMER, LINE));
    return store;
  }

  @AfterEach
  void close() {
    if (store != null) store.close();
    if (db != null) db.close();
  }

  static Map<String, Object> customer(long id, String name) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("name", name);
    return row;
  }

  static Map<String, Object> customer(
      long id, String name, String balance, Boolean active, String since, Integer rank) {
    Map<String, Object> row = customer(id, name);
    row.put("balance", balance == null ? null : new BigDecimal(balance));
    row.put("active", active);
    row.put("since", since == null ? null : LocalDate.parse(since));
    row.put("rank", rank);
    return row;
  }

  private List<Change> allChanges() {
    return store.changes().read(0, 10_000);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void countsInsertedUpdatedAndUnchangedAndKeepsVersionWhenNothingChanges(Kind kind) {
    open(kind);
    UpsertResult first =
        store.upsert(
            "Customer", List.of(customer(1, "Ann"), customer(2, "Bob"), customer(3, "Cy")));
    assertThat(first).isEqualTo(new UpsertResult(3, 0, 0));
    assertThat(allChanges()).hasSize(3);

    clock.advance(Duration.ofMinutes(1));
    UpsertResult second =
        store.upsert(
            "Customer", List.of(customer(1, "Ann"), customer(2, "Bobby"), customer(3, "Cy")));
    assertThat(second).isEqualTo(new UpsertResult(0, 1, 2));

    StoredRecord ann = store.get("Customer", Map.of("id", 1L)).orElseThrow();
    StoredRecord bob = store.get("Customer", Map.of("id", 2L)).orElseThrow();
    assertThat(ann.version()).isEqualTo(1);
    assertThat(ann.modified()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(bob.version()).isEqualTo(2);
    assertThat(bob.get("name")).isEqualTo("Bobby");
    assertThat(bob.modified()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));

    List<Change> changes = allChanges();
    assertThat(changes).hasSize(4);
    assertThat(changes.get(3))
        .isEqualTo(
            new Change(
                4,
                "Customer",
                "{\"id\":2}",
                Change.Operation.UPSERT,
                2,
                Instant.parse("2026-01-01T00:01:00Z")));
    assertThat(store.changes().head()).isEqualTo(4);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void roundTripsEveryFieldTypeAndTreatsEqualNormalisedValuesAsUnchanged(Kind kind) {
    open(kind);
    // characters PostgreSQL's COPY text format must escape (new rows are copied there)
    String name = "Eve\tthe\nfirst\\N\r";
    Map<String, Object> row = customer(7, name, "12.5", true, "2024-02-29", 3);
    row.put("seen", OffsetDateTime.parse("2025-06-01T12:00:00.123456789+02:00"));
    row.put("extra", "{\"b\": [1, 2]}");
    store.upsert("Customer", List.of(row));

    StoredRecord stored = store.get("Customer", Map.of("id", 7)).orElseThrow();
    assertThat(stored.get("name")).isEqualTo(name);
    assertThat(stored.get("balance")).isEqualTo(new BigDecimal("12.50"));
    assertThat(stored.get("active")).isEqualTo(true);
    assertThat(stored.get("since")).isEqualTo(LocalDate.parse("2024-02-29"));
    assertThat(stored.get("seen")).isEqualTo(OffsetDateTime.parse("2025-06-01T10:00:00.123456Z"));
    assertThat(stored.get("rank")).isEqualTo(3);
    assertThat(stored.get("extra")).isEqualTo("{\"b\": [1, 2]}");

    Map<String, Object> same = new HashMap<>(row);
    same.put("balance", new BigDecimal("12.500"));
    same.put("seen", Instant.parse("2025-06-01T10:00:00.123456Z"));
    assertThat(store.upsert("Customer", List.of(same))).isEqualTo(new UpsertResult(0, 0, 1));
    assertThat(allChanges()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void deleteLogsDeletionAndRecreatedRecordContinuesItsVersions(Kind kind) {
    open(kind);
    store.upsert("Customer", List.of(customer(1, "Ann")));
    store.upsert("Customer", List.of(customer(1, "Anne")));
    assertThat(store.delete("Customer", Map.of("id", 1))).isTrue();
    assertThat(store.delete("Customer", Map.of("id", 1))).isFalse();
    assertThat(store.get("Customer", Map.of("id", 1))).isEmpty();

    store.upsert("Customer", List.of(customer(1, "Ann again")));
    assertThat(store.get("Customer", Map.of("id", 1)).orElseThrow().version()).isEqualTo(4);
    assertThat(allChanges())
        .extracting(Change::operation, Change::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Change.Operation.UPSERT, 1L),
            org.assertj.core.groups.Tuple.tuple(Change.Operation.UPSERT, 2L),
            org.assertj.core.groups.Tuple.tuple(Change.Operation.DELETE, 3L),
            org.assertj.core.groups.Tuple.tuple(Change.Operation.UPSERT, 4L));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aMixedBatchCountsEachKindAndRecreatedRecordsContinueTheirVersions(Kind kind) {
    open(kind);
    List<Map<String, Object>> first = new ArrayList<>();
    for (long id = 1; id <= 120; id++) first.add(customer(id, "n" + id));
    assertThat(store.upsert("Customer", first)).isEqualTo(new UpsertResult(120, 0, 0));
    store.upsert("Customer", List.of(customer(7, "seven")));
    assertThat(store.delete("Customer", Map.of("id", 7))).isTrue();
    assertThat(store.delete("Customer", Map.of("id", 8))).isTrue();

    List<Map<String, Object>> mixed = new ArrayList<>();
    for (long id = 1; id <= 140; id++) mixed.add(customer(id, id % 2 == 0 ? "changed" : "n" + id));
    // 7 and 8 re-created, 121..140 new; of the 118 others the 59 even ones change
    assertThat(store.upsert("Customer", mixed)).isEqualTo(new UpsertResult(22, 59, 59));
    assertThat(store.get("Customer", Map.of("id", 7)).orElseThrow().version()).isEqualTo(4);
    assertThat(store.get("Customer", Map.of("id", 8)).orElseThrow().version()).isEqualTo(3);
    assertThat(store.get("Customer", Map.of("id", 10)).orElseThrow().version()).isEqualTo(2);
    assertThat(store.get("Customer", Map.of("id", 11)).orElseThrow().version()).isEqualTo(1);
    assertThat(store.get("Customer", Map.of("id", 130)).orElseThrow().version()).isEqualTo(1);
    List<Change> changes = allChanges();
    assertThat(changes).hasSize(120 + 1 + 2 + 22 + 59);
    assertThat(changes.subList(123, changes.size()))
        .filteredOn(c -> c.key().equals("{\"id\":7}"))
        .extracting(Change::version)
        .containsExactly(4L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentUpsertsOfOverlappingKeysLoseNoVersionAndLogEachOnce(Kind kind) throws Exception {
    open(kind);
    int writers = 6;
    int rounds = 15;
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      List<java.util.concurrent.Future<Long>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(
            threads.submit(
                () -> {
                  long written = 0;
                  for (int r = 0; r < rounds; r++) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    // keys 1..40 shared by all writers, in a different order per writer
                    for (int i = 0; i < 40; i++) {
                      long id = 1 + (i * 7L + writer * 11L) % 40;
                      rows.add(customer(id, "w" + writer + "r" + r));
                    }
                    UpsertResult result = store.upsert("Customer", rows);
                    assertThat(result.total()).isEqualTo(40);
                    written += result.inserted() + result.updated();
                  }
                  return written;
                }));
      }
      long written = 0;
      for (var f : futures) written += f.get();
      List<Change> changes = allChanges();
      assertThat(changes).hasSize((int) written);
      for (long id = 1; id <= 40; id++) {
        String key = "{\"id\":" + id + "}";
        List<Long> versions =
            changes.stream().filter(c -> c.key().equals(key)).map(Change::version).toList();
        long stored = store.get("Customer", Map.of("id", id)).orElseThrow().version();
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        assertThat(versions).hasSize((int) stored).startsWith(1L).endsWith(stored);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void handlesCompositeKeys(Kind kind) {
    open(kind);
    List<Map<String, Object>> lines = new ArrayList<>();
    for (int order = 1; order <= 3; order++) {
      for (int line = 1; line <= 3; line++) {
        lines.add(Map.of("orderNo", "SO-" + order, "lineNo", line, "qty", order * 10 + line));
      }
    }
    assertThat(store.upsert("OrderLine", lines).inserted()).isEqualTo(9);
    assertThat(
            store.upsert(
                "OrderLine",
                List.of(
                    Map.of("orderNo", "SO-2", "lineNo", 2, "qty", 99),
                    Map.of("orderNo", "SO-2", "lineNo", 3, "qty", 23))))
        .isEqualTo(new UpsertResult(0, 1, 1));
    assertThat(
            store.get("OrderLine", Map.of("orderNo", "SO-2", "lineNo", 2)).orElseThrow().get("qty"))
        .isEqualTo(99);
    assertThat(store.delete("OrderLine", Map.of("orderNo", "SO-1", "lineNo", 1))).isTrue();
    assertThat(allChanges().getLast().key()).isEqualTo("{\"orderNo\":\"SO-1\",\"lineNo\":1}");
    assertThatThrownBy(() -> store.get("OrderLine", Map.of("orderNo", "SO-1")))
        .isInstanceOf(ValidationException.class)
        .hasMessage("OrderLine.lineNo: key field is missing");
    assertThat(store.count("OrderLine", null)).isEqualTo(8);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void rejectsABatchWithAnInvalidRowNamingEveryViolationAndWritesNothing(Kind kind) {
    open(kind);
    Map<String, Object> bad = customer(2, "a name far longer than twenty");
    bad.put("balance", new BigDecimal("1.234"));
    bad.put("rank", "three");
    bad.put("colour", "red");
    Map<String, Object> noName = new HashMap<>(Map.of("id", 3L));
    Map<String, Object> tooBig = customer(4, "Big");
    tooBig.put("balance", new BigDecimal("12345678901234567"));
    tooBig.put("extra", "{not json");

    assertThatThrownBy(
            () -> store.upsert("Customer", List.of(customer(1, "Ann"), bad, noName, tooBig)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.field() + ": " + v.message())
                    .containsExactlyInAnyOrder(
                        "name: row 1: is 29 characters long, more than the maximum 20",
                        "balance: row 1: has 3 decimal places, more than the 2 of decimal(18,2)",
                        "rank: row 1: expected integer, got String 'three'",
                        "colour: row 1: is not a field of entity 'Customer'",
                        "name: row 2: is required",
                        "balance: row 3: '12345678901234567' has 17 integer digits, more than the"
                            + " 16 of decimal(18,2)",
                        "extra: row 3: is not valid JSON"));
    assertThat(store.count("Customer", null)).isZero();
    assertThat(allChanges()).isEmpty();
    assertThat(store.validate("Customer", customer(9, "Fine"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void rowsNamingTheirFieldsInAnotherOrderOrOtherFieldsAreReadByName(Kind kind) {
    open(kind);
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("id", 1L);
    first.put("name", "Ann");
    first.put("rank", 7);
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put(new String("rank"), 8);
    reordered.put(new String("id"), 2L);
    reordered.put(new String("name"), "Bob");
    Map<String, Object> unknown = new LinkedHashMap<>();
    unknown.put("id", 3L);
    unknown.put("name", "Cy");
    unknown.put("colour", "red");
    Map<String, Object> fewer = new LinkedHashMap<>();
    fewer.put("id", 4L);
    fewer.put("rank", 9);
    assertThat(store.validate("Customer", first)).isEmpty();
    assertThat(store.validate("Customer", reordered)).isEmpty();
    assertThat(store.validate("Customer", unknown))
        .extracting(v -> v.field() + ": " + v.message())
        .containsExactly("colour: is not a field of entity 'Customer'");
    assertThat(store.validate("Customer", fewer))
        .extracting(v -> v.field() + ": " + v.message())
        .containsExactly("name: is required");
    store.upsert("Customer", List.of(first, reordered, first));
    assertThat(store.get("Customer", Map.of("id", 2L)).orElseThrow().values())
        .containsEntry("name", "Bob")
        .containsEntry("rank", 8);
    assertThat(store.get("Customer", Map.of("id", 1L)).orElseThrow().values())
        .containsEntry("name", "Ann")
        .containsEntry("rank", 7);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void refusesUnknownEntities(Kind kind) {
    open(kind);
    assertThatThrownBy(() -> store.upsert("Supplier", List.of(Map.of("id", 1))))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "Entity 'Supplier' is not known to the store (known: Customer, OrderLine); add it to"
                + " the config and migrate");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void optimisticWritesCompareTheExpectedVersion(Kind kind) {
    open(kind);
    StoredRecord created = store.transactionResult(tx -> tx.put("Customer", customer(1, "Ann")));
    assertThat(created.version()).isEqualTo(1);
    StoredRecord updated =
        store.transactionResult(tx -> tx.putIfVersion("Customer", customer(1, "Anna"), 1));
    assertThat(updated.version()).isEqualTo(2);

    assertThatThrownBy(
            () -> store.transaction(tx -> tx.putIfVersion("Customer", customer(1, "Stale"), 1)))
        .isInstanceOfSatisfying(
            VersionConflictException.class, e -> assertThat(e.actual()).isEqualTo(2))
        .hasMessage(
            "Entity 'Customer' record {\"id\":1}: expected version 1 but it is at version 2;"
                + " nothing was written, reload the record and retry");
    assertThatThrownBy(
            () -> store.transaction(tx -> tx.deleteIfVersion("Customer", Map.of("id", 5), 1)))
        .isInstanceOfSatisfying(
            VersionConflictException.class, e -> assertThat(e.actual()).isZero());
    store.transaction(tx -> tx.deleteIfVersion("Customer", Map.of("id", 1), 2));
    assertThat(store.get("Customer", Map.of("id", 1))).isEmpty();
    assertThat(allChanges()).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aFailedTransactionWritesNeitherRecordsNorChanges(Kind kind) {
    open(kind);
    store.upsert("Customer", List.of(customer(1, "Ann")));
    assertThatThrownBy(
            () ->
                store.transaction(
                    tx -> {
                      tx.upsert("Customer", List.of(customer(2, "Bob")));
                      tx.delete("Customer", Map.of("id", 1));
                      assertThat(tx.get("Customer", Map.of("id", 2))).isPresent();
                      throw new IllegalStateException("caller gives up");
                    }))
        .hasMessage("caller gives up");
    assertThat(store.get("Customer", Map.of("id", 1))).isPresent();
    assertThat(store.get("Customer", Map.of("id", 2))).isEmpty();
    assertThat(allChanges()).hasSize(1);
    assertThat(store.changes().head()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void streamsManyRowsInKeyOrderWithASmallFetchSize(Kind kind) {
    open(kind);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 1; i <= 3000; i++) rows.add(customer(i, "n" + i));
    assertThat(store.upsert("Customer", rows).inserted()).isEqualTo(3000);
    try (Stream<StoredRecord> all = store.query(Query.all("Customer"))) {
      long[] expected = {1};
      all.forEach(r -> assertThat(r.get("id")).isEqualTo(expected[0]++));
      assertThat(expected[0]).isEqualTo(3001);
    }
    try (Stream<StoredRecord> page =
        store.query(Query.all("Customer").withOffset(10).withLimit(5))) {
      assertThat(page.map(r -> r.get("id"))).containsExactly(11L, 12L, 13L, 14L, 15L);
    }
  }
}
