package dev.junction.packages;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a package as a stream: one entity file after another, then {@code manifest.json}. Memory
 * does not grow with the number of rows. Not thread-safe; close it (or call {@link #finish}).
 */
public final class PackageWriter implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ZipOutputStream zip;
  private final PackageFormat format;
  private final List<Manifest.Entry> entries = new ArrayList<>();
  private EntityFile open;
  private boolean finished;

  private PackageWriter(OutputStream out, PackageFormat format) {
    this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    this.zip.setLevel(Deflater.BEST_SPEED);
    this.format = Objects.requireNonNull(format, "format");
  }

  /** A writer of a {@code format} package onto {@code out} (closed by {@link #close}). */
  public static PackageWriter create(OutputStream out, PackageFormat format) {
    return new PackageWriter(out, format);
  }

  /** The entity file name inside the zip: {@code Customer.csv}, {@code Customer.deletions.csv}. */
  public String fileName(String entity, Manifest.Kind kind) {
    return entity + (kind == Manifest.Kind.DELETIONS ? ".deletions." : ".") + format.extension();
  }

  /**
   * Starts the file of {@code entity}: all fields for records, key fields for deletions. The
   * previous file is ended first.
   */
  public EntityFile begin(EntityConfig entity, Manifest.Kind kind) {
    endOpen();
    List<String> fields =
        kind == Manifest.Kind.RECORDS
            ? entity.fields().stream().map(FieldConfig::name).toList()
            : entity.key();
    String file = fileName(entity.name(), kind);
    try {
      zip.putNextEntry(new ZipEntry(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    open = new EntityFile(entity.name(), file, kind, fields);
    return open;
  }

  private void endOpen() {
    if (open == null) return;
    open.flush();
    try {
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    entries.add(new Manifest.Entry(open.entity, open.file, open.kind, open.rows));
    open = null;
  }

  /** Ends the last file and writes the manifest; returns it. */
  public Manifest finish(
      String source, Instant created, boolean incremental, long fromSequence, long toSequence) {
    endOpen();
    Manifest m =
        new Manifest(1, format, source, created, incremental, fromSequence, toSequence, entries);
    try {
      zip.putNextEntry(new ZipEntry(Manifest.FILE));
      zip.write(m.toJson());
      zip.closeEntry();
      zip.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    finished = true;
    return m;
  }

  @Override
  public void close() {
    try {
      zip.close();
    } catch (IOException e) {
      if (finished) throw new UncheckedIOException(e);
    }
  }

  /** The file of one entity being written. */
  public final class EntityFile {
    private final String entity;
    private final String file;
    private final Manifest.Kind kind;
    private final List<String> fields;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private long rows;

    private EntityFile(String entity, String file, Manifest.Kind kind, List<String> fields) {
      this.entity = entity;
      this.file = file;
      this.kind = kind;
      this.fields = fields;
      this.out =
          new BufferedWriter(
              new OutputStreamWriter(new NonClosing(zip), StandardCharsets.UTF_8.newEncoder()),
              1 << 16);
      if (format == PackageFormat.CSV) {
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) line.append(',');
          CsvParser.appendField(line, fields.get(i));
        }
        line.append("\r\n");
        write();
      }
    }

    /** Writes one row; fields not in {@code values} are written empty (null). */
    public void write(Map<String, ?> values) {
      if (format == PackageFormat.CSV) {
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) line.append(',');
          CsvParser.appendField(line, Values.format(values.get(fields.get(i))));
        }
        line.append("\r\n");
      } else {
        java.io.StringWriter sw = new java.io.StringWriter();
        try (JsonGenerator g = JSON.createGenerator(sw)) {
          g.writeStartObject();
          for (String f : fields) {
            Object v = values.get(f);
            g.writeName(f);
            switch (v) {
              case null -> g.writeNull();
              case Integer n -> g.writeNumber(n);
              case Long n -> g.writeNumber(n);
              case java.math.BigDecimal d -> g.writeNumber(d);
              case Boolean b -> g.writeBoolean(b);
              default -> g.writeString(Values.format(v));
            }
          }
          g.writeEndObject();
          g.flush();
          line.append(sw).append('\n');
        }
      }
      rows++;
      write();
    }

    private void write() {
      try {
        out.append(line);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      line.setLength(0);
    }

    void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Rows written so far. */
    public long rows() {
      return rows;
    }
  }

  /** Lets a per-file writer flush into the zip without closing it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
