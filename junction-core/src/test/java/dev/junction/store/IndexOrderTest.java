package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When H2 is told to read a page in the order of an index instead of filtering by another one. */
class IndexOrderTest {
  static final EntityConfig PRODUCTS =
      EntityConfig.of(
              "Products",
              List.of("ID"),
              List.of(
                  FieldConfig.of("ID", FieldType.INTEGER),
                  FieldConfig.of("category", FieldType.STRING),
                  FieldConfig.of("price", FieldType.DECIMAL),
                  FieldConfig.of("supplier", FieldType.STRING)))
          .withIndexes(List.of(List.of("price desc", "ID"), List.of("supplier")));
  static final EntityTable TABLE = new EntityTable(PRODUCTS);
  static final List<Query.Order> BY_KEY = List.of(Query.Order.asc("ID"));
  static final List<Query.Order> BY_PRICE =
      List.of(Query.Order.desc("price"), Query.Order.asc("ID"));

  static Expr priceAbove(String value) {
    return new Expr.Compare(
        Expr.CompareOp.GT, Expr.field("price"), Expr.literal(new BigDecimal(value)));
  }

  @Test
  void aPageByKeyWithARangeOnAnIndexedFieldIsReadInKeyOrder() {
    Expr filter = new Expr.And(List.of(Expr.eq("category", "C3"), priceAbove("100")));
    assertThat(TABLE.readInIndexOrder(BY_KEY, filter, 101)).isTrue();
    assertThat(TABLE.readInIndexOrder(BY_KEY, priceAbove("100"), 101)).isTrue();
  }

  @Test
  void notWithoutALimitAFilterOrAnIndexProvidingTheOrder() {
    assertThat(TABLE.readInIndexOrder(BY_KEY, priceAbove("100"), 0)).isFalse();
    assertThat(TABLE.readInIndexOrder(BY_KEY, null, 101)).isFalse();
    List<Query.Order> byCategory = List.of(Query.Order.asc("category"), Query.Order.asc("ID"));
    assertThat(TABLE.readInIndexOrder(byCategory, priceAbove("100"), 101)).isFalse();
    List<Query.Order> byPriceAscending = List.of(Query.Order.asc("price"), Query.Order.asc("ID"));
    assertThat(TABLE.readInIndexOrder(byPriceAscending, Expr.eq("category", "C3"), 101)).isFalse();
  }

  @Test
  void notWhenTheFilterConstrainsTheOrderingIndexOrTestsAnIndexedFieldForEquality() {
    // H2 reads the ordering index's own range in order already.
    assertThat(TABLE.readInIndexOrder(BY_PRICE, priceAbove("100"), 1000)).isFalse();
    // Equality on a first index field (or the key): H2 knows its selectivity.
    assertThat(TABLE.readInIndexOrder(BY_KEY, Expr.eq("supplier", "S1"), 100)).isFalse();
    assertThat(TABLE.readInIndexOrder(BY_PRICE, Expr.eq("ID", 5), 100)).isFalse();
    Expr in = new Expr.In(Expr.field("supplier"), List.of(Expr.literal("S1"), Expr.literal("S2")));
    assertThat(TABLE.readInIndexOrder(BY_KEY, new Expr.And(List.of(in, priceAbove("1"))), 100))
        .isFalse();
    // …but an equality under OR or NOT is no index condition.
    Expr or = new Expr.Or(List.of(Expr.eq("supplier", "S1"), Expr.eq("category", "C1")));
    assertThat(TABLE.readInIndexOrder(BY_PRICE, or, 100)).isTrue();
  }

  @Test
  void pagesOfTheOrderIndexAreReadInOrderWhenFilteredOnOtherFields() {
    assertThat(TABLE.readInIndexOrder(BY_PRICE, Expr.eq("category", "C3"), 1000)).isTrue();
  }
}
