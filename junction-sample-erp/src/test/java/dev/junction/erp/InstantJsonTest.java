package dev.junction.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class InstantJsonTest {
  private final JsonMapper plain = JsonMapper.builder().build();
  private final JsonMapper fast = JsonMapper.builder().addModule(InstantJson.module()).build();

  @Test
  void writesInstantsExactlyAsJacksonDoes() {
    List<Instant> instants =
        new ArrayList<>(
            List.of(
                Instant.EPOCH,
                Instant.parse("2025-01-19T01:39:23Z"),
                Instant.parse("2024-02-29T23:59:59Z"),
                Instant.parse("1000-01-01T00:00:00Z"),
                Instant.parse("0999-12-31T23:59:59Z"),
                Instant.parse("9999-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59Z"),
                Instant.parse("2025-01-19T01:39:23.5Z"),
                Instant.parse("2025-01-19T01:39:23.000000001Z"),
                Instant.parse("-0001-01-01T00:00:00Z"),
                Instant.MIN,
                Instant.MAX));
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      long s = r.nextLong(-40_000_000_000L, 260_000_000_000L);
      instants.add(Instant.ofEpochSecond(s, i % 4 == 0 ? r.nextInt(1_000_000_000) : 0));
    }
    for (Instant t : instants) {
      assertThat(fast.writeValueAsString(t))
          .as(t.toString())
          .isEqualTo(plain.writeValueAsString(t));
    }
    assertThat(fast.writeValueAsString(instants)).isEqualTo(plain.writeValueAsString(instants));
  }

  @Test
  void writesRowsOfTheErpUnchanged() {
    Row.Balance b =
        new Row.Balance("C000001", 58511.97, 0.0, "EUR", Instant.parse("2025-01-19T01:39:23Z"));
    assertThat(fast.writeValueAsString(b)).isEqualTo(plain.writeValueAsString(b));
    assertThat(fast.writeValueAsString(b))
        .isEqualTo(
            "{\"customerId\":\"C000001\",\"balance\":58511.97,\"overdue\":0.0,\"currency\":\"EUR\","
                + "\"lastModified\":\"2025-01-19T01:39:23Z\"}");
  }
}
