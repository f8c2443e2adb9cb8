package dev.junction.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {

  @Test
  void roundTripsThroughJson() {
    Manifest m =
        new Manifest(
            1,
            PackageFormat.JSONL,
            "test",
            Instant.parse("2026-01-01T00:00:00Z"),
            true,
            5,
            9,
            List.of(
                new Manifest.Entry("Customer", "Customer.jsonl", Manifest.Kind.RECORDS, 3),
                new Manifest.Entry(
                    "Customer", "Customer.deletions.jsonl", Manifest.Kind.DELETIONS, 1)));
    assertThat(Manifest.parse(m.toJson())).isEqualTo(m);
  }

  @Test
  void notJsonIsRefusedClearly() {
    assertThatThrownBy(() -> Manifest.parse("{nope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(PackageException.class)
        .hasMessageStartingWith("manifest.json is not valid JSON");
  }

  @Test
  void everyProblemIsListedAtOnce() {
    assertThatThrownBy(
            () ->
                Manifest.parse(
                    "{\"version\":1,\"format\":\"csv\",\"entities\":[{\"entity\":\"A\",\"file\":\"a.csv\",\"kind\":\"x\",\"rows\":\"3\"},{\"entity\":\"B\",\"file\":\"a.csv\"}]}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage(
            "manifest.json is wrong: entities[0].kind must be records or deletions, was 'x';"
                + " entities[0].rows must be a whole number, was \"3\"; entities[1].file 'a.csv'"
                + " repeats; the package is refused");
  }
}
