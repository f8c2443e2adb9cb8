package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A store row's values behave as the unmodifiable LinkedHashMap a StoredRecord otherwise keeps. */
class RowValuesTest {
  private static final List<String> NAMES = List.of("id", "name", "price", "note");

  private static RowValues row(Object... values) {
    return RowValues.of(NAMES, Arrays.asList(values));
  }

  private static Map<String, Object> linked(Object... values) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < NAMES.size(); i++) map.put(NAMES.get(i), values[i]);
    return Collections.unmodifiableMap(map);
  }

  @Test
  void readsLikeTheLinkedHashMapItReplaces() {
    Object[] values = {7, "Ann", new BigDecimal("1.50"), null};
    RowValues row = row(values);
    Map<String, Object> expected = linked(values);

    assertThat(row).isEqualTo(expected);
    assertThat(expected).isEqualTo(row);
    assertThat(row.hashCode()).isEqualTo(expected.hashCode());
    assertThat(row.toString()).isEqualTo(expected.toString());
    assertThat(new ArrayList<>(row.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
    assertThat(new ArrayList<>(row.keySet())).containsExactlyElementsOf(NAMES);
    assertThat(row.size()).isEqualTo(4);
    assertThat(row.get("name")).isEqualTo("Ann");
    assertThat(row.get("note")).isNull();
    assertThat(row.containsKey("note")).isTrue();
    assertThat(row.get("missing")).isNull();
    assertThat(row.containsKey("missing")).isFalse();
    assertThat(row.containsValue(new BigDecimal("1.50"))).isTrue();
    assertThat(row).isNotEqualTo(linked(7, "Ann", new BigDecimal("1.50"), "x"));
  }

  @Test
  void readsByPosition() {
    RowValues row = row(7, "Ann", new BigDecimal("1.50"), null);
    assertThat(row.indexOf("price")).isEqualTo(2);
    assertThat(row.value(row.indexOf("price"))).isEqualTo(new BigDecimal("1.50"));
    assertThat(row.indexOf("missing")).isEqualTo(-1);
    assertThat(row.sameFields(row(8, "Bob", BigDecimal.ONE, "n"))).isFalse(); // another layout
    assertThat(row.sameFields(row)).isTrue();
  }

  @Test
  void cannotBeChanged() {
    RowValues row = row(7, "Ann", BigDecimal.ONE, null);
    assertThatThrownBy(() -> row.put("id", 8)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> row.remove("id")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(row::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> row.entrySet().iterator().next().setValue(8))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(row.get("id")).isEqualTo(7);
  }

  @Test
  void refusesAWrongNumberOfValuesOrRepeatedNames() {
    assertThatThrownBy(() -> RowValues.of(NAMES, List.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RowValues.of(List.of("a", "a"), List.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStoredRecordKeepsRowValuesAndCopiesOtherMaps() {
    RowValues row = row(7, "Ann", BigDecimal.ONE, null);
    assertThat(new StoredRecord("Thing", row, 1, Instant.EPOCH).values()).isSameAs(row);

    Map<String, Object> plain = new LinkedHashMap<>(row);
    Map<String, Object> kept = new StoredRecord("Thing", plain, 1, Instant.EPOCH).values();
    plain.put("id", 8);
    assertThat(kept.get("id")).isEqualTo(7);
    assertThatThrownBy(() -> kept.put("id", 9)).isInstanceOf(UnsupportedOperationException.class);
  }
}
