package dev.junction.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImportRunTest {

  @Test
  void valuesTheStoreTakesAsOneKeyFallInOnePart() {
    List<String> key = List.of("k");
    List<List<Object>> sameKeys =
        List.of(
            List.of(new BigDecimal("1.5"), new BigDecimal("1.50"), new BigDecimal("1.500")),
            List.of(
                OffsetDateTime.parse("2026-01-01T10:00:00+02:00"),
                OffsetDateTime.parse("2026-01-01T08:00:00Z")),
            List.of(7, 7L));
    for (int parts = 2; parts <= 5; parts++) {
      for (List<Object> same : sameKeys) {
        Set<Integer> seen = new HashSet<>();
        for (Object v : same) seen.add(ImportRun.part(key, Map.of("k", v), parts));
        assertThat(seen).as("%s in %d parts", same, parts).hasSize(1);
      }
    }
  }

  @Test
  void keysSpreadOverEveryPart() {
    List<String> key = List.of("orderId", "line");
    int[] counts = new int[3];
    for (long order = 1; order <= 1000; order++) {
      for (int line = 1; line <= 3; line++) {
        counts[ImportRun.part(key, Map.of("orderId", order, "line", line), 3)]++;
      }
    }
    for (int c : counts) assertThat(c).isBetween(800, 1200);
  }
}
