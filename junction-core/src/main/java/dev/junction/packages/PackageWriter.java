package dev.junction.packages;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a package as a stream: one entity file after another, then {@code manifest.json}. Memory
 * does not grow with the number of rows.
 *
 * <p>Rows are formatted, compressed and written on a thread of the writer's own, in chunks of
 * {@link #CHUNK} rows with at most {@link #DEPTH} chunks waiting, so the caller's reading of the
 * next rows (a database cursor) overlaps with the file work. A failure of that work is rethrown by
 * the caller's next call. The writer itself is not thread-safe: one caller thread at a time. Close
 * it (or call {@link #finish}); closing without finishing stops the writing thread and leaves an
 * incomplete file.
 */
public final class PackageWriter implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Rows handed to the writing thread at a time. */
  static final int CHUNK = 256;

  /** Chunks that may wait for the writing thread; the caller blocks beyond that. */
  static final int DEPTH = 8;

  /** Touched by the writing thread only (and by {@link #close} once that thread has ended). */
  private final ZipOutputStream zip;

  private final PackageFormat format;
  private final List<Manifest.Entry> entries = new ArrayList<>();
  private final Pipe pipe = new Pipe();
  private EntityFile open;
  private boolean finished;

  private PackageWriter(OutputStream out, PackageFormat format) {
    // DeflaterOutputStream writes 512-byte pieces; buffer them into large writes.
    this.zip =
        new ZipOutputStream(new java.io.BufferedOutputStream(out, 1 << 16), StandardCharsets.UTF_8);
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
    pipe.submit(() -> zip.putNextEntry(new ZipEntry(file)));
    open = new EntityFile(entity.name(), file, kind, fields);
    return open;
  }

  private void endOpen() {
    if (open == null) return;
    EntityFile f = open;
    f.handOver();
    pipe.submit(
        () -> {
          f.flush();
          zip.closeEntry();
        });
    entries.add(new Manifest.Entry(f.entity, f.file, f.kind, f.rows));
    open = null;
  }

  /** Ends the last file and writes the manifest; returns it. */
  public Manifest finish(
      String source, Instant created, boolean incremental, long fromSequence, long toSequence) {
    endOpen();
    Manifest m =
        new Manifest(1, format, source, created, incremental, fromSequence, toSequence, entries);
    byte[] json = m.toJson();
    pipe.submit(
        () -> {
          zip.putNextEntry(new ZipEntry(Manifest.FILE));
          zip.write(json);
          zip.closeEntry();
          zip.finish();
        });
    pipe.sync();
    finished = true;
    return m;
  }

  /**
   * Closes the zip and its stream. After {@link #finish} this only closes; before it, the writing
   * thread is stopped first and the file is left incomplete.
   *
   * @throws UncheckedIOException when closing a finished package fails
   */
  @Override
  public void close() {
    pipe.stop(!finished);
    try {
      zip.close();
    } catch (IOException e) {
      if (finished) throw new UncheckedIOException(e);
    }
  }

  /**
   * The file of one entity being written. Its rows are collected into chunks on the caller's
   * thread; {@link #out} and {@link #line} belong to the writing thread.
   */
  public final class EntityFile {
    private final String entity;
    private final String file;
    private final Manifest.Kind kind;
    private final List<String> fields;
    private final Utf8Out out = new Utf8Out(zip);
    private final StringBuilder line = new StringBuilder(256);
    private Object[][] chunk = new Object[CHUNK][];
    private int inChunk;
    private long rows;

    private EntityFile(String entity, String file, Manifest.Kind kind, List<String> fields) {
      this.entity = entity;
      this.file = file;
      this.kind = kind;
      this.fields = fields;
      if (format == PackageFormat.CSV) {
        pipe.submit(
            () -> {
              for (int i = 0; i < fields.size(); i++) {
                if (i > 0) line.append(',');
                CsvParser.appendField(line, fields.get(i));
              }
              line.append("\r\n");
              write();
            });
      }
    }

    /** Writes one row; fields not in {@code values} are written empty (null). */
    public void write(Map<String, ?> values) {
      Object[] row = new Object[fields.size()];
      for (int i = 0; i < row.length; i++) row[i] = values.get(fields.get(i));
      write(row);
    }

    /**
     * Writes one row given as values in the order of this file's fields (all fields of the entity,
     * in config order, for a records file; the key fields for a deletions file). The writer keeps
     * the array until the row is written: do not change it afterwards.
     *
     * @throws UncheckedIOException when writing earlier rows failed
     */
    public void write(Object[] values) {
      if (values.length != fields.size()) {
        throw new IllegalArgumentException(
            file + ": a row has " + values.length + " values for " + fields.size() + " fields");
      }
      chunk[inChunk++] = values;
      rows++;
      if (inChunk == CHUNK) handOver();
    }

    /** Hands the collected rows to the writing thread. */
    private void handOver() {
      if (inChunk == 0) return;
      Object[][] full = chunk;
      int n = inChunk;
      chunk = new Object[CHUNK][];
      inChunk = 0;
      pipe.submit(
          () -> {
            for (int i = 0; i < n; i++) formatRow(full[i]);
          });
    }

    /** Formats one row into the file (on the writing thread). */
    private void formatRow(Object[] values) throws IOException {
      if (format == PackageFormat.CSV) {
        for (int i = 0; i < values.length; i++) {
          if (i > 0) line.append(',');
          Values.appendCsv(line, values[i]);
        }
        line.append("\r\n");
      } else {
        java.io.StringWriter sw = new java.io.StringWriter();
        try (JsonGenerator g = JSON.createGenerator(sw)) {
          g.writeStartObject();
          for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            g.writeName(fields.get(i));
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
      write();
    }

    private void write() throws IOException {
      out.append(line);
      line.setLength(0);
    }

    void flush() throws IOException {
      out.flush();
    }

    /** Rows written so far. */
    public long rows() {
      return rows;
    }
  }

  /** A piece of zip work run on the writing thread. */
  @FunctionalInterface
  private interface Task {
    void run() throws IOException;
  }

  /**
   * The writing thread: runs tasks one at a time in submission order. After a task fails, later
   * tasks are skipped (barriers still pass) and the failure is rethrown to the submitter.
   */
  private static final class Pipe {
    private static final Task STOP = () -> {};

    private final BlockingQueue<Task> queue = new ArrayBlockingQueue<>(DEPTH);
    private Thread thread;
    private volatile Throwable failure;

    /** A task that only signals that every task before it has run. */
    private record Barrier(CountDownLatch passed) implements Task {
      @Override
      public void run() {
        passed.countDown();
      }
    }

    void submit(Task task) {
      rethrow();
      if (thread == null) {
        thread = Thread.ofPlatform().daemon().name("junction-package-writer").start(this::loop);
      }
      try {
        queue.put(task);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(
            new InterruptedIOException("interrupted while writing the package"));
      }
    }

    /** Waits until every task submitted so far has run; rethrows a failure of any of them. */
    void sync() {
      Barrier barrier = new Barrier(new CountDownLatch(1));
      submit(barrier);
      try {
        barrier.passed().await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(
            new InterruptedIOException("interrupted while writing the package"));
      }
      rethrow();
    }

    /** Ends the thread; {@code discard} drops the tasks still waiting. */
    void stop(boolean discard) {
      if (thread == null) return;
      if (discard) queue.clear();
      if (!queue.offer(STOP)) thread.interrupt();
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          thread.interrupt();
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      thread = null;
    }

    private void loop() {
      while (true) {
        Task task;
        try {
          task = queue.take();
        } catch (InterruptedException e) {
          return;
        }
        if (task == STOP) return;
        if (failure != null && !(task instanceof Barrier)) continue;
        try {
          task.run();
        } catch (IOException | RuntimeException | Error e) {
          failure = e;
        }
      }
    }

    private void rethrow() {
      Throwable f = failure;
      switch (f) {
        case null -> {}
        case IOException e -> throw new UncheckedIOException(e.getMessage(), e);
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        default -> throw new IllegalStateException(f);
      }
    }
  }

  /**
   * UTF-8 encoding into a 64 KiB buffer that is handed to the zip stream when full: ASCII (the bulk
   * of a package) costs one store per char, without a {@code Writer} and charset encoder per file.
   */
  private static final class Utf8Out {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int n;

    Utf8Out(OutputStream out) {
      this.out = out;
    }

    void append(CharSequence s) throws IOException {
      int len = s.length();
      for (int i = 0; i < len; i++) {
        if (n > buf.length - 4) drain();
        char c = s.charAt(i);
        if (c < 0x80) {
          buf[n++] = (byte) c;
        } else if (c < 0x800) {
          buf[n++] = (byte) (0xC0 | (c >> 6));
          buf[n++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)
            && i + 1 < len
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[n++] = (byte) (0xF0 | (cp >> 18));
          buf[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          buf[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          buf[n++] = (byte) (0x80 | (cp & 0x3F));
        } else if (Character.isSurrogate(c)) {
          buf[n++] = (byte) '?';
        } else {
          buf[n++] = (byte) (0xE0 | (c >> 12));
          buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          buf[n++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }

    private void drain() throws IOException {
      out.write(buf, 0, n);
      n = 0;
    }

    void flush() throws IOException {
      if (n > 0) drain();
    }
  }
}
