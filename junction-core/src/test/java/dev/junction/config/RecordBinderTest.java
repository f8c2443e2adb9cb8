package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The binder follows new record components without any other code. */
class RecordBinderTest {

  sealed interface Shape permits Circle, Square {}

  @TypeName("circle")
  record Circle(@Required @Positive double radius) implements Shape {}

  @TypeName("square")
  record Square(@Required double side) implements Shape {}

  record Range(int min, int max) {
    Range {
      if (min > max) throw new IllegalArgumentException("min must not exceed max");
    }
  }

  record Widget(
      @Required String name,
      @Default("3") @Positive int size,
      @Default("250ms") Duration delay,
      List<Duration> waits,
      Map<String, Integer> limits,
      Shape shape,
      Range range,
      StatusRule.Range statuses) {}

  @Test
  void bindsEveryKindOfComponentByReflection() {
    List<ConfigError> errors = new ArrayList<>();
    Widget w =
        bind(
            """
            name: gear
            waits: [1s, 500ms, PT2M]
            limits: {a: 1, b: 2}
            shape: {type: circle, radius: 2.5}
            range: {min: 1, max: 5}
            statuses: 4xx
            """,
            errors);

    assertThat(errors).isEmpty();
    assertThat(w)
        .isEqualTo(
            new Widget(
                "gear",
                3,
                Duration.ofMillis(250),
                List.of(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(2)),
                Map.of("a", 1, "b", 2),
                new Circle(2.5),
                new Range(1, 5),
                new StatusRule.Range(400, 499)));
  }

  @Test
  void collectsEveryErrorAndGoesOn() {
    List<ConfigError> errors = new ArrayList<>();
    bind(
        """
        size: -2
        waits: [1s, soon]
        shape: {type: square, radius: 1}
        range: {min: 9, max: 1}
        """,
        errors);

    assertThat(errors)
        .map(ConfigError::toString)
        .containsExactlyInAnyOrder(
            "w.yaml:1:1 missing required key 'name'",
            "w.yaml:1:7 size: must be greater than zero, was -2",
            "w.yaml:2:13 waits[1]: expected a duration such as 500ms, 5s, 2m, 1h, 1d or PT5S, got"
                + " 'soon'",
            "w.yaml:3:23 shape.radius: unknown key 'radius' (known: side)",
            "w.yaml:3:8 shape: missing required key 'side'",
            "w.yaml:4:8 range: min must not exceed max");
  }

  private static Widget bind(String yaml, List<ConfigError> errors) {
    YamlNode root = YamlReader.read("w.yaml", yaml, errors);
    return new RecordBinder(errors).bindRoot(Widget.class, root, "w.yaml");
  }
}
