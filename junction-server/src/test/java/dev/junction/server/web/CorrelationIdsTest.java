package dev.junction.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CorrelationIdsTest {

  @Test
  void generatedIdsAreVersion7UuidsCarryingTheirMillisecond() {
    long millis = 1_795_000_000_123L;
    UUID id = UUID.fromString(CorrelationIds.timeOrdered(millis));
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    assertThat(CorrelationIds.timeOrdered(millis)).matches("[0-9a-f-]{36}");
  }

  @Test
  void idsSortByTimeAndDoNotRepeatWithinAMillisecond() {
    List<String> ids = new ArrayList<>();
    for (long millis = 1_795_000_000_000L; millis < 1_795_000_000_000L + 2_000; millis += 7) {
      ids.add(CorrelationIds.timeOrdered(millis));
    }
    assertThat(ids).isSorted();
    Set<String> sameMillisecond = new HashSet<>();
    for (int i = 0; i < 10_000; i++) sameMillisecond.add(CorrelationIds.timeOrdered(42L));
    assertThat(sameMillisecond).hasSize(10_000);
  }
}
