package dev.junction.jobs;

import dev.junction.packages.RowSource;
import dev.junction.packages.SourceRow;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads and parses the rows of one entity file on a thread of its own and hands them over in
 * batches, so parsing the next batch overlaps with the store writing this one. At most {@link
 * #DEPTH} batches wait, so memory stays bounded. Rows marked bad and rows up to {@code skip} (a
 * checkpoint) are left out. A failure of the reader (a file that cannot be read on) is rethrown by
 * {@link #next}. Not thread-safe for consumers; close it (it stops the reader and closes the
 * source).
 */
final class RowBatches implements AutoCloseable {
  static final int DEPTH = 2;
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
  private final RowSource source;
  private final Thread reader;
  private volatile boolean closed;
  private boolean ended;

  RowBatches(RowSource source, BitSet bad, long skip, int batchSize, String name) {
    this.source = source;
    this.reader =
        Thread.ofPlatform()
            .daemon()
            .name("junction-import-reader-" + name)
            .start(() -> read(bad, skip, batchSize));
  }

  private void read(BitSet bad, long skip, int batchSize) {
    try {
      List<SourceRow> batch = new ArrayList<>(batchSize);
      for (SourceRow row = source.next(); row != null && !closed; row = source.next()) {
        if (row.row() <= skip || bad.get(Math.toIntExact(row.row()))) continue;
        batch.add(row);
        if (batch.size() == batchSize) {
          queue.put(batch);
          batch = new ArrayList<>(batchSize);
        }
      }
      if (!batch.isEmpty()) queue.put(batch);
      queue.put(END);
    } catch (InterruptedException e) {
      // closed by the consumer
    } catch (RuntimeException | Error e) {
      try {
        queue.put(e);
      } catch (InterruptedException ignored) {
        // closed by the consumer
      }
    }
  }

  /**
   * The next batch of good rows in file order, or null at the end of the file.
   *
   * @throws dev.junction.packages.PackageException when the file cannot be read further
   */
  @SuppressWarnings("unchecked")
  List<SourceRow> next() {
    if (ended) return null;
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunContext.Stopping();
    }
    if (item == END) {
      ended = true;
      return null;
    }
    if (item instanceof RuntimeException e) throw e;
    if (item instanceof Error e) throw e;
    return (List<SourceRow>) item;
  }

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    queue.clear();
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      source.close();
    }
  }
}
