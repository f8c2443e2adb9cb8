package dev.junction.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
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

  @Test
  void fieldsCrossingTheReadBufferParseWhole() throws IOException {
    // A reader that returns 1 to 97 characters per read, so that field starts, ends and delimiters
    // (including either character of CRLF) fall on the ends of the parser's read buffer; the
    // parser fills its buffer only as far as one read goes.
    List<List<String>> rows = new ArrayList<>();
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 6000; i++) {
      String a = "a".repeat(i % 23) + i;
      String b = i % 5 == 0 ? null : "x".repeat(i % 7);
      String q = "q,\"" + "z".repeat(i % 11);
      rows.add(Arrays.asList(a, b == null || b.isEmpty() ? null : b, q));
      CsvParser.appendField(csv, a);
      csv.append(',');
      if (b != null && !b.isEmpty()) CsvParser.appendField(csv, b);
      csv.append(',');
      CsvParser.appendField(csv, q);
      csv.append(i % 2 == 0 ? "\r\n" : "\n");
    }
    assertThat(parseChunked(csv.toString())).isEqualTo(rows);
    assertThat(parseChunked(csv.substring(0, csv.length() - 1))).isEqualTo(rows);
    assertThat(parse(csv.toString(), 100)).isEqualTo(rows);
  }

  private static Reader chunked(String csv) {
    return new FilterReader(new StringReader(csv)) {
      private int reads;

      @Override
      public int read(char[] cbuf, int off, int len) throws IOException {
        return super.read(cbuf, off, Math.min(len, 1 + reads++ % 97));
      }
    };
  }

  private static long skipAll(Reader in, int max) throws IOException {
    CsvParser p = new CsvParser(in, "t.csv", max);
    long n = 0;
    while (p.skip()) n++;
    return n;
  }

  @Test
  void skipCountsTheRecordsThatNextReturns() throws IOException {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 6000; i++) {
      big.append("a".repeat(i % 23)).append(i).append(i % 3 == 0 ? ",," : ",x,");
      big.append(i % 4 == 0 ? "\"q,\"\"\n\"" : "").append(i % 2 == 0 ? "\r\n" : "\n");
      if (i % 9 == 0) big.append(i % 2 == 0 ? "\r\n" : "\n");
    }
    List<String> inputs =
        List.of(
            "\uFEFFa,b,c\r\n\"x, \"\"y\"\"\",,\"\"\n\"multi\nline\",2,3\n\n",
            "\n\n\"\"\n,\n\n",
            "a\r\n\r\nb",
            "",
            big.toString());
    for (String csv : inputs) {
      int records = parse(csv, 1000).size();
      assertThat(skipAll(new StringReader(csv), 1000)).as(csv).isEqualTo(records);
      assertThat(skipAll(chunked(csv), 1000)).isEqualTo(records);
    }
    assertThat(parse(big.toString(), 1000)).hasSize(6000);
  }

  @Test
  void skipRefusesWhatNextRefuses() {
    List<String> bad =
        List.of(
            "a\n" + "x".repeat(50) + "\n",
            "a\n\"" + "x".repeat(50) + "\"\n",
            "h\n" + "y\n".repeat(((1 << 16) - 10) / 2) + "x".repeat(50) + "\n",
            "a\n\"open\n",
            "\"a\"b\n");
    for (String csv : bad) {
      String message =
          catchThrowableOfType(PackageException.class, () -> parse(csv, 40)).getMessage();
      assertThatThrownBy(() -> skipAll(new StringReader(csv), 40))
          .isInstanceOf(PackageException.class)
          .hasMessage(message);
      assertThatThrownBy(() -> skipAll(chunked(csv), 40)).hasMessage(message);
    }
  }

  private static List<List<String>> parseChunked(String csv) throws IOException {
    CsvParser p = new CsvParser(chunked(csv), "t.csv", 100);
    List<List<String>> out = new ArrayList<>();
    for (List<String> r = p.next(); r != null; r = p.next()) out.add(new ArrayList<>(r));
    return out;
  }

  @Test
  void anOverLongUnquotedFieldIsRefusedWhereverItLies() {
    String row = "x".repeat(50);
    for (int lead : new int[] {0, (1 << 16) - 10, (1 << 16) - 1}) {
      String csv = "h\n" + "y\n".repeat(lead / 2) + row + "\n";
      assertThatThrownBy(() -> parse(csv, 40))
          .as("after %d chars", lead)
          .hasMessageContaining("the record is longer than the limit of 40 characters");
    }
  }
}
