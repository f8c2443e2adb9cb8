package dev.junction.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TemplateAndKeysTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void templateEncodesEveryReservedCharacter() {
    ChildUrlTemplate t = ChildUrlTemplate.compile("orders/{{parent.id}}/lines?x={{ parent.a.b }}");
    assertThat(t.expand(JSON.readTree("{\"id\":\"a/b c\",\"a\":{\"b\":7}}"), "c"))
        .isEqualTo("orders/a%2Fb%20c/lines?x=7");
    assertThat(ChildUrlTemplate.encode("é&=+")).isEqualTo("%C3%A9%26%3D%2B");
  }

  @Test
  void templateRefusesOtherPlaceholderForms() {
    assertThatThrownBy(() -> ChildUrlTemplate.compile("x/{{id}}"))
        .hasMessageContaining("must have the form {{parent.<path>}}");
  }

  @Test
  void placeholderThatIsAnObjectCannotBeResolved() {
    ChildUrlTemplate t = ChildUrlTemplate.compile("x/{{parent.a}}");
    assertThatThrownBy(() -> t.expand(JSON.readTree("{\"a\":{\"b\":1}}"), "c"))
        .hasMessageStartingWith("Cannot resolve placeholder {{parent.a}} of child endpoint 'c'")
        .hasMessageContaining("is not a single value in parent record {\"a\":{\"b\":1}}");
  }

  @Test
  void keysMatchByValue() {
    assertThat(Aggregation.key(JSON.readTree("42")))
        .isEqualTo(Aggregation.key(JSON.readTree("42.0")));
    assertThat(Aggregation.key(JSON.readTree("42")))
        .isEqualTo(Aggregation.key(JSON.readTree("\"42\"")));
    assertThat(Aggregation.key(JSON.readTree("\"042\"")))
        .isNotEqualTo(Aggregation.key(JSON.readTree("42")));
    assertThat(Aggregation.key(JSON.readTree("null"))).isNull();
  }

  @Test
  void linkHeaderNextIsFound() {
    assertThat(
            PageFetcher.nextLink(
                List.of("<https://h/a?p=1>; rel=\"prev\", <https://h/a?p=3>; rel=\"next last\""),
                "next"))
        .isEqualTo("https://h/a?p=3");
    assertThat(PageFetcher.nextLink(List.of("<https://h/a?p=1>; rel=\"prev\""), "next")).isNull();
  }

  @Test
  void jsonPathReadsNestedAndIndexedValues() {
    var root = JSON.readTree("{\"a\":{\"b\":[{\"c\":1},{\"c\":2}]}}");
    assertThat(JsonPath.compile("$.a.b[1].c").read(root).asInt()).isEqualTo(2);
    assertThat(JsonPath.compile("a.x").read(root)).isNull();
    assertThat(JsonPath.compile("").read(root)).isSameAs(root);
    assertThatThrownBy(() -> JsonPath.compile("a..b")).hasMessageContaining("empty step");
  }
}
