package dev.junction.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ByteStreamWriter;

class CopyTextTest {

  /** The bytes a copy sends, and whether it ended. */
  private static final class Sent implements CopyIn {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int sends;
    boolean ended;

    @Override
    public void writeToCopy(byte[] buf, int off, int size) {
      bytes.write(buf, off, size);
      sends++;
    }

    @Override
    public void writeToCopy(ByteStreamWriter from) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void flushCopy() {}

    @Override
    public long endCopy() {
      ended = true;
      return 0;
    }

    @Override
    public int getFieldCount() {
      return 0;
    }

    @Override
    public int getFormat() {
      return 0;
    }

    @Override
    public int getFieldFormat(int field) {
      return 0;
    }

    @Override
    public boolean isActive() {
      return !ended;
    }

    @Override
    public void cancelCopy() {}

    @Override
    public long getHandledRowCount() {
      return 0;
    }
  }

  /** The COPY text of one value as written before the byte encoder: toString, then UTF-8. */
  private static String reference(Object v) {
    if (v == null) return "\\N";
    if (v instanceof BigDecimal d) return d.toPlainString();
    if (v instanceof Boolean b) return b ? "t" : "f";
    String s = v.toString();
    if (!(v instanceof String)) return s;
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  @Test
  void valuesAreEncodedAsTheirTextInUtf8() throws SQLException {
    List<Object> values =
        new ArrayList<>(
            Arrays.asList(
                null,
                "",
                "plain",
                "tab\there, newline\nthere, back\\slash, \\N, cr\r",
                "Zürich € 𝄞",
                "lone \uD834 high and \uDD1E low",
                0L,
                -1L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                7,
                Integer.MIN_VALUE,
                new BigDecimal("1234.50"),
                new BigDecimal("1E+3"),
                new BigDecimal("-0.001"),
                true,
                false,
                LocalDate.of(2026, 1, 31),
                LocalDate.of(999, 12, 1),
                LocalDate.of(1, 1, 1),
                LocalDate.of(12345, 6, 7),
                LocalDate.of(-44, 3, 15),
                OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 1, 1, 10, 5, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 1, 1, 10, 5, 7, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 1, 1, 10, 5, 0, 120_000_000, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 12, 31, 23, 59, 59, 123_456_000, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 1, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)),
                OffsetDateTime.of(20000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                java.util.UUID.fromString("00000000-0000-0000-0000-00000000002a")));
    Sent sent = new Sent();
    StringBuilder expected = new StringBuilder();
    try (CopyText copy = new CopyText(sent)) {
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) copy.tab();
        copy.value(values.get(i));
        expected.append(i > 0 ? "\t" : "").append(reference(values.get(i)));
      }
      copy.value(42L).raw("\t1\t2026-01-01T00:00Z").endRow();
      expected.append("42\t1\t2026-01-01T00:00Z\n");
      copy.finish();
    }
    assertThat(sent.ended).isTrue();
    assertThat(sent.bytes.toByteArray())
        .isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rowsAreSentInPiecesOfAboutTheBufferAndLongValuesFit() throws SQLException {
    Sent sent = new Sent();
    StringBuilder expected = new StringBuilder();
    String big = "ü".repeat(100_000);
    try (CopyText copy = new CopyText(sent)) {
      for (int i = 0; i < 20_000; i++) {
        copy.value((long) i).tab().value("row " + i).endRow();
        expected.append(i).append("\trow ").append(i).append('\n');
      }
      copy.value(big).endRow();
      expected.append(big).append('\n');
      copy.finish();
    }
    assertThat(sent.bytes.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    assertThat(sent.sends).isBetween(4, 10);
  }
}
