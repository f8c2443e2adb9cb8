package dev.junction.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {

  private static List<List<String>> parse(String csv, int max) throws IOException {
    CsvParser p = new CsvParser(new StringReader(csv), "t.csv", max);
    List<List<String>> out = new ArrayList<>();
    for (List<String> r = p.next(); r != null; r = p.next()) out.add(new ArrayList<>(r));
    return out;
  }

  @Test
  void quotedFieldsKeepCommasQuotesAndNewlinesAndEmptyUnquotedIsNull() throws IOException {
    assertThat(parse("\uFEFFa,b,c\r\n\"x, \"\"y\"\"\",,\"\"\n\"multi\nline\",2,3\n\n", 100))
        .containsExactly(
            List.of("a", "b", "c"),
            Arrays.asList("x, \"y\"", null, ""),
            List.of("multi\nline", "2", "3"));
  }

  @Test
  void recordStartLinesCountEmbeddedNewlines() throws IOException {
    CsvParser p = new CsvParser(new StringReader("h\n\"a\nb\"\nc\n"), "t.csv", 100);
    p.next();
    p.next();
    assertThat(p.recordLine()).isEqualTo(2);
    p.next();
    assertThat(p.recordLine()).isEqualTo(4);
  }

  @Test
  void overLongRecordAndBrokenQuotingAreFileErrors() {
    assertThatThrownBy(() -> parse("a\n" + "x".repeat(50) + "\n", 20))
        .isInstanceOf(PackageException.class)
        .hasMessage(
            "t.csv line 2: the record is longer than the limit of 20 characters; the file is refused");
    assertThatThrownBy(() -> parse("a\n\"open\n", 100))
        .hasMessageContaining("line 2: a quoted field is not closed");
    assertThatThrownBy(() -> parse("\"a\"b\n", 100))
        .hasMessageContaining("unexpected character 'b' after a closing quote");
  }

  @Test
  void writtenFieldsReadBackUnchanged() throws IOException {
    List<String> values = Arrays.asList("plain", "", null, "a,b", "q\"q", "l\r\nl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) sb.append(',');
      CsvParser.appendField(sb, values.get(i));
    }
    assertThat(parse(sb + "\r\n", 1000)).containsExactly(values);
  }
}
