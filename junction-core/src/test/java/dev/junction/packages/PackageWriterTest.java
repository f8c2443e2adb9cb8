package dev.junction.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageWriterTest {
  static final EntityConfig ITEM =
      EntityConfig.of(
          "Item",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.LONG),
              FieldConfig.of("name", FieldType.STRING),
              FieldConfig.of("qty", FieldType.INTEGER),
              FieldConfig.of("price", FieldType.DECIMAL),
              FieldConfig.of("active", FieldType.BOOLEAN),
              FieldConfig.of("day", FieldType.DATE),
              FieldConfig.of("at", FieldType.DATETIME)));

  static final EntityConfig TAG =
      EntityConfig.of(
          "Tag",
          List.of("code"),
          List.of(FieldConfig.of("code", FieldType.STRING), FieldConfig.of("n", FieldType.LONG)));

  @TempDir Path dir;

  /** Row {@code i}: every value kind, with awkward text, nulls and decimals at scale mixed in. */
  private static Object[] item(int i) {
    String[] names = {
      "plain", "", "a,b", "say \"hi\"", "two\r\nlines", "Zürich", "emoji 😀 ok", "日本語", "x\ny"
    };
    BigDecimal[] prices = {
      new BigDecimal("0.00"),
      new BigDecimal("-12.50"),
      new BigDecimal("123456789012345678.123456"),
      new BigDecimal("1E+3"),
      new BigDecimal("0.000001")
    };
    OffsetDateTime[] times = {
      OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
      OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.ofHours(2)),
      OffsetDateTime.of(1999, 12, 31, 23, 59, 0, 123_456_000, ZoneOffset.ofHoursMinutes(-5, -30)),
      OffsetDateTime.of(2026, 6, 30, 0, 0, 0, 1, ZoneOffset.UTC)
    };
    return new Object[] {
      (long) i,
      i % 11 == 0 ? null : names[i % names.length] + " " + i,
      i % 7 == 0 ? null : i % 2 == 0 ? -i : i,
      i % 13 == 0 ? null : prices[i % prices.length],
      i % 5 == 0 ? null : i % 2 == 0,
      i % 17 == 0 ? null : LocalDate.of(2000, 1, 1).plusDays(i * 37L),
      i % 19 == 0 ? null : times[i % times.length].plusSeconds(i)
    };
  }

  private static Map<String, Object> asMap(EntityConfig entity, Object[] values) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) m.put(entity.fields().get(i).name(), values[i]);
    return m;
  }

  private Path write(PackageFormat format, int items, int tags) throws IOException {
    Path file = dir.resolve("p-" + format + ".zip");
    try (OutputStream out = Files.newOutputStream(file);
        PackageWriter w = PackageWriter.create(out, format)) {
      PackageWriter.EntityFile f = w.begin(ITEM, Manifest.Kind.RECORDS);
      for (int i = 1; i <= items; i++) f.write(item(i));
      assertThat(f.rows()).isEqualTo(items);
      PackageWriter.EntityFile t = w.begin(TAG, Manifest.Kind.RECORDS);
      for (int i = 1; i <= tags; i++) t.write(Map.of("code", "t" + i, "n", (long) i));
      PackageWriter.EntityFile d = w.begin(ITEM, Manifest.Kind.DELETIONS);
      d.write(Map.of("id", 99L));
      Manifest m = w.finish("test", Instant.parse("2026-01-01T00:00:00Z"), false, 0, 0);
      assertThat(m.entries())
          .extracting(Manifest.Entry::file, Manifest.Entry::rows)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("Item." + format.extension(), (long) items),
              org.assertj.core.groups.Tuple.tuple("Tag." + format.extension(), (long) tags),
              org.assertj.core.groups.Tuple.tuple("Item.deletions." + format.extension(), 1L));
    }
    return file;
  }

  private static List<SourceRow> read(PackageReader r, int entry) {
    List<SourceRow> rows = new ArrayList<>();
    try (RowSource src = r.rows(r.manifest().entries().get(entry))) {
      for (SourceRow row = src.next(); row != null; row = src.next()) rows.add(row);
    }
    return rows;
  }

  @Test
  void everyValueKindReadsBackEqualAcrossManyChunksInBothFormats() throws IOException {
    int items = PackageWriter.CHUNK * 5 + 17;
    for (PackageFormat format : PackageFormat.values()) {
      Path file = write(format, items, 3);
      try (PackageReader r =
          PackageReader.open(file, "p.zip", null, PackageLimits.defaults(), List.of(ITEM, TAG))) {
        List<SourceRow> rows = read(r, 0);
        assertThat(rows).hasSize(items);
        for (int i = 1; i <= items; i++) {
          SourceRow row = rows.get(i - 1);
          assertThat(row.violations()).as("row %d (%s)", i, format).isEmpty();
          Map<String, Object> expected = asMap(ITEM, item(i));
          Map<String, Object> actual = row.values();
          for (var e : expected.entrySet()) {
            Object want = e.getValue();
            Object got = actual.get(e.getKey());
            String what = format + " row " + i + " field " + e.getKey();
            if (want instanceof BigDecimal d) {
              assertThat((BigDecimal) got).as(what).isEqualByComparingTo(d);
              if (format == PackageFormat.CSV) {
                assertThat(((BigDecimal) got).scale()).as(what).isEqualTo(Math.max(d.scale(), 0));
              }
            } else if (want instanceof OffsetDateTime t) {
              assertThat((OffsetDateTime) got).as(what).isEqualTo(t);
            } else if (want instanceof Integer n && got instanceof Long l) {
              assertThat(l).as(what).isEqualTo(n.longValue());
            } else {
              assertThat(got).as(what).isEqualTo(want);
            }
          }
        }
        assertThat(read(r, 1))
            .extracting(SourceRow::values)
            .containsExactly(
                Map.of("code", "t1", "n", 1L),
                Map.of("code", "t2", "n", 2L),
                Map.of("code", "t3", "n", 3L));
        assertThat(read(r, 2)).extracting(SourceRow::values).containsExactly(Map.of("id", 99L));
      }
    }
  }

  @Test
  void csvTextIsExactlyTheFormatDocumented() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PackageWriter w = PackageWriter.create(bytes, PackageFormat.CSV)) {
      PackageWriter.EntityFile f = w.begin(ITEM, Manifest.Kind.RECORDS);
      f.write(
          new Object[] {
            1L,
            "a \"b\", c",
            -3,
            new BigDecimal("1E+3"),
            true,
            LocalDate.of(987, 3, 4),
            OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.ofHours(2))
          });
      f.write(new Object[] {2L, "", null, new BigDecimal("-0.50"), false, null, null});
      f.write(
          new Object[] {
            3L,
            "Zürich 😀",
            null,
            null,
            null,
            LocalDate.of(2026, 12, 31),
            OffsetDateTime.of(2026, 1, 2, 3, 4, 0, 1000, ZoneOffset.UTC)
          });
      w.finish("test", Instant.EPOCH, false, 0, 0);
    }
    assertThat(entry(bytes.toByteArray(), "Item.csv"))
        .isEqualTo(
            "id,name,qty,price,active,day,at\r\n"
                + "1,\"a \"\"b\"\", c\",-3,1000,true,0987-03-04,2026-01-02T03:04:05.120+02:00\r\n"
                + "2,\"\",,-0.50,false,,\r\n"
                + "3,Zürich 😀,,,,2026-12-31,2026-01-02T03:04:00.000001Z\r\n");
  }

  private static String entry(byte[] zip, String name) throws IOException {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(name)) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError(name + " not in the zip");
  }

  @Test
  void aFailingOutputIsRethrownToTheCallerAndCloseDoesNotHang() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("disk full");
          }
        };
    PackageWriter w = PackageWriter.create(broken, PackageFormat.CSV);
    PackageWriter.EntityFile f = w.begin(ITEM, Manifest.Kind.RECORDS);
    assertThatThrownBy(
            () -> {
              for (int i = 1; i <= 200_000; i++) f.write(item(i));
              w.finish("test", Instant.EPOCH, false, 0, 0);
            })
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("disk full");
    w.close();
  }

  @Test
  void closingWithoutFinishingLeavesAPackageWithoutManifest() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PackageWriter w = PackageWriter.create(bytes, PackageFormat.CSV);
    PackageWriter.EntityFile f = w.begin(ITEM, Manifest.Kind.RECORDS);
    for (int i = 1; i <= PackageWriter.CHUNK * 3; i++) f.write(item(i));
    w.close();
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) names.add(e.getName());
    }
    assertThat(names).doesNotContain(Manifest.FILE);
  }

  @Test
  void aRowOfTheWrongWidthIsRefusedAtOnce() {
    try (PackageWriter w = PackageWriter.create(new ByteArrayOutputStream(), PackageFormat.CSV)) {
      PackageWriter.EntityFile f = w.begin(TAG, Manifest.Kind.RECORDS);
      assertThatThrownBy(() -> f.write(new Object[] {"a"}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Tag.csv: a row has 1 values for 2 fields");
    }
  }
}
