package dev.junction.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The streaming reader of aggregation sources gives the records and keys the tree reader does. */
class RecordScannerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Records of a page as the tree reader sees them: each record's tree and its key. */
  private static List<String> viaTree(String page, String dataPath, String keyPath) {
    JsonNode data = JsonPath.compile(dataPath).read(JSON.readTree(page));
    List<String> out = new ArrayList<>();
    List<JsonNode> records = new ArrayList<>();
    if (data != null && data.isArray()) data.forEach(records::add);
    else if (data != null && data.isObject()) records.add(data);
    for (JsonNode r : records) {
      out.add(Aggregation.key(JsonPath.compile(keyPath).read(r)) + " " + r);
    }
    return out;
  }

  private static List<String> viaScanner(String page, String dataPath, String keyPath) {
    List<RecordScanner.Slice> slices = new ArrayList<>();
    RecordScanner.scan(
        JSON,
        page.getBytes(StandardCharsets.UTF_8),
        JsonPath.compile(dataPath),
        JsonPath.compile(keyPath),
        slices);
    List<String> out = new ArrayList<>();
    for (RecordScanner.Slice s : slices) {
      out.add(s.key() + " " + JSON.readTree(s.page(), s.start(), s.length()));
    }
    return out;
  }

  private static void same(String page, String dataPath, String keyPath) {
    assertThat(viaScanner(page, dataPath, keyPath))
        .as(page)
        .isEqualTo(viaTree(page, dataPath, keyPath))
        .isNotEmpty();
    assertThat(
            RecordScanner.count(
                JSON, page.getBytes(StandardCharsets.UTF_8), JsonPath.compile(dataPath)))
        .as(page)
        .isEqualTo(viaTree(page, dataPath, keyPath).size());
  }

  @Test
  void givesTheRecordsAndKeysOfTheTreeReader() {
    same(
        "{\"balances\":[{\"customerId\":\"C1\",\"balance\":1.5,\"x\":{\"a\":[1,{}]}},"
            + "{\"customerId\":\"C2\"}],\"page\":1}",
        "balances",
        "customerId");
    same(
        " [ {\"id\" : 42} , {\"id\":-7}, {\"id\":12345678901}, {\"id\":1234567890123456789012}] ",
        "",
        "id");
    same(
        "[{\"id\":true},{\"id\":false},{\"id\":null},{},{\"id\":{\"a\":1}},{\"id\":[1]}]",
        "$",
        "id");
    same("[{\"id\":\"é \\u00e9 \\\"q\\\" 😀\"},{\"id\":\"\"}]", "", "id");
    same(
        "{\"result\":{\"items\":[{\"c\":{\"id\":\"a\"}},{\"c\":[{\"id\":\"b\"}]}]}}",
        "result.items",
        "c.id");
    same("{\"a\":[{\"x\":1},[{\"k\":\"v\"},{\"k\":\"w\"}]]}", "a[1]", "k");
    same("[{\"l\":[\"p\",\"q\",\"r\"]}]", "", "l[2]");
    same("{\"data\":{\"id\":\"only\"}}", "data", "id");
    // a repeated key inside a record: the last one counts, as in the tree
    same("[{\"id\":\"first\",\"id\":\"last\"},{\"c\":{\"id\":1},\"c\":{\"x\":2}}]", "", "id");
    same("[{\"c\":{\"id\":1},\"c\":{\"x\":2}},{\"c\":{\"x\":1},\"c\":{\"id\":2}}]", "", "c.id");
    // names before and after the data, nested containers skipped
    same("{\"meta\":{\"data\":[1]},\"data\":[{\"id\":\"x\"}],\"more\":[[{}]]}", "data", "id");
  }

  @Test
  void findsNothingWhereTheTreeReaderFindsNothing() {
    for (String page :
        List.of(
            "{\"data\":[]}",
            "{\"other\":[{\"id\":1}]}",
            "{\"data\":3}",
            "{\"data\":null}",
            "null",
            "[]")) {
      assertThat(viaScanner(page, "data", "id"))
          .as(page)
          .isEqualTo(viaTree(page, "data", "id"))
          .isEmpty();
      assertThat(
              RecordScanner.count(
                  JSON, page.getBytes(StandardCharsets.UTF_8), JsonPath.compile("data")))
          .isZero();
    }
  }

  @Test
  void leavesToTheTreeReaderWhatItDoesNotHandle() {
    for (String page :
        List.of(
            "[{\"id\":1.5}]", // floating-point key: the tree's number decides
            "[{\"id\":\"a\"},7]", // an item that is not an object
            "{\"data\":[{\"id\":1}],\"data\":[{\"id\":2}]}", // repeated name on the data path
            "[{\"id\":1}] [2]", // trailing content
            "[{\"id\":1}", // malformed
            "\uFEFF[{\"id\":1}]", // byte order mark
            "   ")) {
      assertThatThrownBy(() -> viaScanner(page, page.startsWith("{") ? "data" : "", "id"))
          .as(page)
          .isInstanceOf(RecordScanner.Unsupported.class);
    }
  }

  @Test
  void indexKeepsTheFirstRecordPerKeyAndFindsEveryKey() {
    RecordIndex index = new RecordIndex();
    byte[] page = "{\"v\":1}{\"v\":2}".getBytes(StandardCharsets.UTF_8);
    assertThat(index.putIfAbsent("k", page, 0, 7)).isTrue();
    assertThat(index.putIfAbsent("k", page, 7, 7)).isFalse();
    assertThat(index.get("k", JSON)).isEqualTo(JSON.readTree("{\"v\":1}"));
    assertThat(index.get("K", JSON)).isNull();
    // many keys (the table grows, records span chunks), a record larger than a chunk, and keys that
    // differ only in characters outside Latin-1 or in an unpaired surrogate
    String big = "{\"s\":\"" + "x".repeat(3_000_000) + "\"}";
    byte[] bigBytes = big.getBytes(StandardCharsets.UTF_8);
    assertThat(index.putIfAbsent("big", bigBytes, 0, bigBytes.length)).isTrue();
    for (int i = 0; i < 100_000; i++) {
      byte[] r = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      assertThat(index.putIfAbsent("C" + i, r, 0, r.length)).isTrue();
    }
    List<String> odd = List.of("\uD800", "?", "\u20AC", "\u00AC", "");
    for (int i = 0; i < odd.size(); i++) {
      byte[] r = ("{\"k\":" + i + "}").getBytes(StandardCharsets.UTF_8);
      assertThat(index.putIfAbsent(odd.get(i), r, 0, r.length)).as(odd.get(i)).isTrue();
    }
    assertThat(index.size()).isEqualTo(100_007);
    for (int i = 0; i < 100_000; i += 997) {
      assertThat(index.get("C" + i, JSON).get("i").asInt()).isEqualTo(i);
    }
    assertThat(index.get("big", JSON).get("s").asString()).hasSize(3_000_000);
    for (int i = 0; i < odd.size(); i++) {
      assertThat(index.get(odd.get(i), JSON).get("k").asInt()).isEqualTo(i);
    }
    assertThat(index.get("C100000", JSON)).isNull();
  }
}
