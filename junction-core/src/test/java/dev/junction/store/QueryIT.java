package dev.junction.store;

import static dev.junction.store.Expr.field;
import static dev.junction.store.Expr.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.ValidationException;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.store.Expr.ArithmeticOp;
import dev.junction.store.Expr.CompareOp;
import dev.junction.store.Expr.Function;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every filter expression kind, orders and keyset paging — same results on H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryIT {
  static final EntityConfig PRODUCT =
      EntityConfig.of(
          "Product",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.INTEGER),
              FieldConfig.of("name", FieldType.STRING),
              FieldConfig.of("price", FieldType.DECIMAL),
              FieldConfig.of("stock", FieldType.LONG),
              FieldConfig.of("active", FieldType.BOOLEAN),
              FieldConfig.of("released", FieldType.DATE),
              FieldConfig.of("seen", FieldType.DATETIME),
              FieldConfig.of("category", FieldType.STRING)));

  private final Map<Kind, TestDatabase> databases = new HashMap<>();
  private final Map<Kind, RecordStore> stores = new HashMap<>();

  @BeforeAll
  void open() {
    for (Kind kind : Kind.values()) {
      TestDatabase db = TestDatabases.create(kind);
      databases.put(kind, db);
      RecordStore store = Store.builder(db.storeConfig()).fetchSize(3).open();
      store.migrate(List.of(PRODUCT));
      store.upsert("Product", rows());
      stores.put(kind, store);
    }
  }

  @AfterAll
  void close() {
    stores.values().forEach(RecordStore::close);
    databases.values().forEach(TestDatabase::close);
  }

  static List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(row(1, "Apple", "1.50", 10L, true, "2024-01-15", "2025-03-01T10:00:00Z", "fruit"));
    rows.add(row(2, "banana", "0.25", 0L, false, "2023-06-30", "2025-03-02T23:30:00Z", "fruit"));
    rows.add(row(3, "Cherry 50%", "12.00", 5L, true, "2024-12-01", null, null));
    rows.add(row(4, "  Date_x  ", null, null, null, null, "2024-02-29T00:00:00Z", "dried"));
    rows.add(row(5, "Elder!flower", "7.75", 100L, true, "2022-01-01", null, "flower"));
    rows.add(row(6, "fig", "3.00", 3L, false, "2024-01-20", "2025-01-01T00:00:00Z", "fruit"));
    return rows;
  }

  static Map<String, Object> row(
      int id,
      String name,
      String price,
      Long stock,
      Boolean active,
      String released,
      String seen,
      String category) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("name", name);
    row.put("price", price == null ? null : new BigDecimal(price));
    row.put("stock", stock);
    row.put("active", active);
    row.put("released", released == null ? null : LocalDate.parse(released));
    row.put("seen", seen == null ? null : OffsetDateTime.parse(seen));
    row.put("category", category);
    return row;
  }

  static Expr cmp(CompareOp op, Expr left, Expr right) {
    return new Expr.Compare(op, left, right);
  }

  static Expr call(Function f, Expr... args) {
    return new Expr.Call(f, List.of(args));
  }

  static Expr arith(ArithmeticOp op, Expr left, Expr right) {
    return new Expr.Arithmetic(op, left, right);
  }

  static Stream<Arguments> filters() {
    List<Arguments> cases = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (Object[] c : cases()) cases.add(Arguments.of(kind, c[0], c[1]));
    }
    return cases.stream();
  }

  static List<Object[]> cases() {
    return List.of(
        new Object[] {Expr.eq("name", "fig"), List.of(6)},
        new Object[] {cmp(CompareOp.NE, field("category"), literal("fruit")), List.of(4, 5)},
        new Object[] {
          cmp(CompareOp.GT, field("price"), literal(new BigDecimal("3"))), List.of(3, 5)
        },
        new Object[] {cmp(CompareOp.GE, field("price"), literal(3)), List.of(3, 5, 6)},
        new Object[] {cmp(CompareOp.LT, field("stock"), literal(5L)), List.of(2, 6)},
        new Object[] {
          cmp(CompareOp.LE, field("released"), literal(LocalDate.parse("2023-06-30"))),
          List.of(2, 5)
        },
        new Object[] {
          cmp(
              CompareOp.GT,
              field("seen"),
              literal(OffsetDateTime.parse("2025-03-02T23:00:00+00:00"))),
          List.of(2)
        },
        new Object[] {
          cmp(
              CompareOp.LT,
              field("seen"),
              literal(OffsetDateTime.parse("2025-03-01T12:00:01+02:00"))),
          List.of(1, 4, 6)
        },
        new Object[] {Expr.eq("category", null), List.of(3)},
        new Object[] {cmp(CompareOp.NE, field("price"), literal(null)), List.of(1, 2, 3, 5, 6)},
        new Object[] {cmp(CompareOp.GT, field("price"), literal(null)), List.of()},
        new Object[] {
          new Expr.And(List.of(Expr.eq("category", "fruit"), field("active"))), List.of(1)
        },
        new Object[] {new Expr.Or(List.of(Expr.eq("id", 1), Expr.eq("id", 4))), List.of(1, 4)},
        new Object[] {new Expr.Not(field("active")), List.of(2, 6)},
        new Object[] {
          new Expr.In(field("id"), List.of(literal(2), literal(5), literal(99))), List.of(2, 5)
        },
        new Object[] {new Expr.In(field("id"), List.of()), List.of()},
        new Object[] {call(Function.CONTAINS, field("name"), literal("50%")), List.of(3)},
        new Object[] {call(Function.CONTAINS, field("name"), literal("%")), List.of(3)},
        new Object[] {call(Function.CONTAINS, field("name"), literal("_")), List.of(4)},
        new Object[] {call(Function.CONTAINS, field("name"), literal("!")), List.of(5)},
        new Object[] {call(Function.STARTSWITH, field("name"), literal("b")), List.of(2)},
        new Object[] {call(Function.ENDSWITH, field("name"), literal("flower")), List.of(5)},
        new Object[] {
          cmp(CompareOp.EQ, call(Function.TOLOWER, field("name")), literal("apple")), List.of(1)
        },
        new Object[] {
          cmp(CompareOp.EQ, call(Function.TOUPPER, field("name")), literal("FIG")), List.of(6)
        },
        new Object[] {
          cmp(CompareOp.EQ, call(Function.LENGTH, field("name")), literal(3)), List.of(6)
        },
        new Object[] {
          cmp(CompareOp.EQ, call(Function.TRIM, field("name")), literal("Date_x")), List.of(4)
        },
        new Object[] {
          cmp(CompareOp.EQ, call(Function.YEAR, field("released")), literal(2024)), List.of(1, 3, 6)
        },
        new Object[] {
          cmp(CompareOp.EQ, call(Function.MONTH, field("seen")), literal(3)), List.of(1, 2)
        },
        new Object[] {
          cmp(CompareOp.EQ, call(Function.DAY, field("seen")), literal(29)), List.of(4)
        },
        new Object[] {
          cmp(CompareOp.EQ, arith(ArithmeticOp.ADD, field("stock"), literal(1L)), literal(11L)),
          List.of(1)
        },
        new Object[] {
          cmp(CompareOp.EQ, arith(ArithmeticOp.SUB, field("stock"), literal(1L)), literal(-1L)),
          List.of(2)
        },
        new Object[] {
          cmp(CompareOp.GT, arith(ArithmeticOp.MUL, field("price"), literal(2)), literal(20)),
          List.of(3)
        },
        new Object[] {
          cmp(CompareOp.EQ, arith(ArithmeticOp.DIV, field("stock"), literal(2L)), literal(50L)),
          List.of(5)
        },
        new Object[] {
          cmp(CompareOp.EQ, arith(ArithmeticOp.MOD, field("id"), literal(3)), literal(0)),
          List.of(3, 6)
        },
        new Object[] {cmp(CompareOp.GT, field("stock"), field("id")), List.of(1, 3, 5)},
        new Object[] {literal(false), List.of()});
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("filters")
  void translatesEveryExpressionKind(Kind kind, Expr filter, List<Integer> expected) {
    RecordStore store = stores.get(kind);
    try (Stream<StoredRecord> result = store.query(Query.all("Product").withFilter(filter))) {
      assertThat(result.map(r -> (Integer) r.get("id")).toList()).isEqualTo(expected);
    }
    assertThat(store.count("Product", filter)).isEqualTo(expected.size());
  }

  static Stream<Arguments> orders() {
    List<Arguments> cases = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      cases.add(
          Arguments.of(kind, List.of(Query.Order.asc("category"), Query.Order.desc("price"))));
      cases.add(
          Arguments.of(kind, List.of(Query.Order.desc("category"), Query.Order.asc("stock"))));
      cases.add(Arguments.of(kind, List.of(Query.Order.desc("active"), Query.Order.desc("seen"))));
      cases.add(Arguments.of(kind, List.of(Query.Order.desc("id"))));
      cases.add(Arguments.of(kind, List.of()));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("orders")
  void keysetPagingVisitsEveryRecordOnceInTheTotalOrder(Kind kind, List<Query.Order> order) {
    RecordStore store = stores.get(kind);
    List<Integer> expected = expectedOrder(order);
    Query first = Query.all("Product").withOrder(order);
    try (Stream<StoredRecord> all = store.query(first)) {
      assertThat(all.map(r -> (Integer) r.get("id")).toList()).isEqualTo(expected);
    }
    List<Integer> paged = new ArrayList<>();
    Query page = first.withLimit(2);
    while (true) {
      List<StoredRecord> records;
      try (Stream<StoredRecord> s = store.query(page)) {
        records = s.toList();
      }
      if (records.isEmpty()) break;
      records.forEach(r -> paged.add((Integer) r.get("id")));
      page = page.after(store.continuation(page, records.getLast()));
    }
    assertThat(paged).isEqualTo(expected);
  }

  /** The order computed in Java: nulls smallest, key appended. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Integer> expectedOrder(List<Query.Order> order) {
    Comparator<Map<String, Object>> comparator = (a, b) -> 0;
    for (Query.Order o : order) {
      Comparator<Map<String, Object>> byField =
          Comparator.comparing(
              r -> (Comparable) r.get(o.field()), Comparator.nullsFirst(Comparator.naturalOrder()));
      comparator = comparator.thenComparing(o.descending() ? byField.reversed() : byField);
    }
    comparator = comparator.thenComparing(r -> (Integer) r.get("id"));
    return rows().stream().sorted(comparator).map(r -> (Integer) r.get("id")).toList();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Kind.class)
  void refusesUnknownFieldsAndWrongContinuations(Kind kind) {
    RecordStore store = stores.get(kind);
    assertThatThrownBy(() -> store.count("Product", Expr.eq("colour", "red")))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith(
            "Product.colour: is not a field of entity 'Product' (fields: active,");
    assertThatThrownBy(() -> store.query(Query.all("Product").after(List.of(1, 2))).close())
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Product.after: has 2 value(s) but the order has 1 key(s) [id]; pass the values returned"
                + " by RecordStore.continuation");
  }
}
