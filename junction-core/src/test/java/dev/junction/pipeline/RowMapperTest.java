package dev.junction.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldMapping;
import dev.junction.config.FieldType;
import dev.junction.config.MappingConfig;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class RowMapperTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final EntityConfig LINE =
      EntityConfig.of(
          "Line",
          List.of("order", "no"),
          List.of(
              FieldConfig.of("order", FieldType.STRING),
              FieldConfig.of("no", FieldType.INTEGER),
              new FieldConfig("sku", FieldType.STRING, 5, 0, 0, false, false),
              new FieldConfig("price", FieldType.DECIMAL, 0, 6, 2, false, false),
              FieldConfig.of("active", FieldType.BOOLEAN),
              FieldConfig.of("day", FieldType.DATE),
              FieldConfig.of("at", FieldType.DATETIME),
              FieldConfig.of("extra", FieldType.JSON)));

  private static ObjectNode json(String text) {
    return (ObjectNode) JSON.readTree(text);
  }

  private static RowMapper mapper(MappingConfig.Rows rows, FieldMapping... fields) {
    return new RowMapper(new MappingConfig("Line", rows, List.of(fields)), LINE);
  }

  @Test
  void mapsRenamesNestedPathsParentValuesConstantsAndConvertsTypes() {
    RowMapper m =
        mapper(
            new MappingConfig.Rows(21),
            FieldMapping.from("order", "parent.number"),
            FieldMapping.from("no", "line.no"),
            FieldMapping.from("sku", "$.items[1]"),
            FieldMapping.from("price", "price"),
            new FieldMapping("active", null, "yes", null),
            new FieldMapping("day", "day", null, "dd.MM.yyyy"),
            FieldMapping.from("at", "at"),
            FieldMapping.from("extra", "meta"));
    Row row =
        new Row(
            "lines",
            21,
            1,
            json(
                "{\"line\":{\"no\":\"3\"},\"items\":[\"x\",\"AB-1\"],\"price\":12.5,\"day\":\"24.12.2025\",\"at\":\"2025-01-02T03:04:05\",\"meta\":{\"a\":[1]}}"),
            json("{\"number\":\"SO-1\"}"),
            null);
    RowMapper.Result r = m.map(row);
    assertThat(r.rejection()).isNull();
    assertThat(r.record())
        .containsEntry("order", "SO-1")
        .containsEntry("no", 3)
        .containsEntry("sku", "AB-1")
        .containsEntry("price", new BigDecimal("12.50"))
        .containsEntry("active", true)
        .containsEntry("day", LocalDate.of(2025, 12, 24))
        .containsEntry("at", OffsetDateTime.parse("2025-01-02T03:04:05Z"))
        .containsEntry("extra", "{\"a\":[1]}");
  }

  @Test
  void rejectsWithFieldReasonAndBadValue() {
    RowMapper m =
        mapper(
            MappingConfig.Rows.PARENT,
            FieldMapping.from("order", "o"),
            FieldMapping.from("no", "n"),
            FieldMapping.from("sku", "s"),
            FieldMapping.from("price", "p"));
    assertThat(m.map(new Row("i", 1, 0, json("{\"o\":\"A\",\"n\":1.5}"), null, null)).rejection())
        .isEqualTo(new RowMapper.Rejection("no", "expected a whole number: 1.5 (from n)"));
    assertThat(
            m.map(new Row("i", 1, 0, json("{\"o\":\"A\",\"n\":1,\"s\":\"TOOLONG\"}"), null, null))
                .rejection())
        .isEqualTo(
            new RowMapper.Rejection("sku", "text of 7 characters exceeds length 5 (from s)"));
    assertThat(
            m.map(new Row("i", 1, 0, json("{\"o\":\"A\",\"n\":1,\"p\":1.234}"), null, null))
                .rejection())
        .isEqualTo(
            new RowMapper.Rejection("price", "has more than 2 decimal places: 1.234 (from p)"));
    assertThat(
            m.map(new Row("i", 1, 0, json("{\"o\":\"A\",\"n\":1,\"p\":12345.6}"), null, null))
                .rejection())
        .isEqualTo(new RowMapper.Rejection("price", "has more than 6 digits: 12345.6 (from p)"));
    assertThat(m.map(new Row("i", 1, 0, json("{\"n\":1}"), null, null)).rejection())
        .isEqualTo(
            new RowMapper.Rejection(
                "order", "required field is missing (path 'o' is absent or null)"));
  }

  @Test
  void unknownFieldIsRefusedNamingTheFields() {
    assertThatThrownBy(() -> mapper(MappingConfig.Rows.PARENT, FieldMapping.from("nope", "x")))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("field 'nope' does not exist");
  }
}
