package dev.junction.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Reads a staged window's next pages ahead: while a consumer receives and handles one page, spare
 * threads read the records of the pages it will most likely ask for next, so those requests only
 * write them. At most as many pages as there are threads wait for one (on a busy server little is
 * read ahead, and no request waits for a page that has not started). A request that finds its page
 * not yet started reads it itself; one that finds it under way waits for it, since that is the same
 * work.
 *
 * <p>Why reading early is correct: a window's {@code to} is the head when it was staged, so every
 * change committed after the read has a sequence above it and is served by a later window, exactly
 * as for a record changed after its page was served.
 */
final class PageReadAhead {

  /** A page: window, the sequence of its first item and its number of items. */
  private record Key(long window, long firstSequence, int size) {}

  private final ThreadPoolExecutor threads;
  private final int capacity;
  private final LinkedHashMap<Key, FutureTask<SyncRecords>> pages = new LinkedHashMap<>();
  private final AtomicLong taken = new AtomicLong();

  /** At most {@code threads} pages read at once, the {@code 2 × threads} newest kept. */
  PageReadAhead(int threads) {
    // As many threads as pages read at once, and a queue as long: pages handed over while the
    // threads are still finishing earlier ones (or have not yet picked up the page handed over just
    // before) start a moment later instead of being refused.
    this.threads =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(threads),
            r -> {
              Thread t = new Thread(r, "junction-sync-read-ahead");
              t.setDaemon(true);
              return t;
            });
    this.threads.allowCoreThreadTimeOut(true);
    this.capacity = 2 * threads;
  }

  /** Starts reading {@code rows} of {@code window} with {@code read} if a thread is idle. */
  void start(long window, List<JdbcDeltaFeed.Row> rows, Supplier<SyncRecords> read) {
    if (rows.isEmpty()) return;
    Key key = new Key(window, rows.getFirst().sequence(), rows.size());
    FutureTask<SyncRecords> task = new FutureTask<>(read::get);
    synchronized (pages) {
      if (pages.containsKey(key)) return;
      pages.put(key, task);
      var eldest = pages.entrySet().iterator();
      while (pages.size() > capacity) {
        eldest.next().getValue().cancel(false);
        eldest.remove();
      }
    }
    try {
      threads.execute(task);
    } catch (RejectedExecutionException busy) {
      synchronized (pages) {
        pages.remove(key, task);
      }
    }
  }

  /**
   * The records of {@code rows} of {@code window} if they were read ahead (or are being read: then
   * this waits), else null: the caller reads them.
   */
  SyncRecords take(long window, List<JdbcDeltaFeed.Row> rows) {
    if (rows.isEmpty()) return null;
    FutureTask<SyncRecords> task;
    synchronized (pages) {
      task = pages.remove(new Key(window, rows.getFirst().sequence(), rows.size()));
    }
    if (task == null || task.cancel(false)) return null; // unknown, or not started yet
    try {
      SyncRecords records = task.get();
      taken.incrementAndGet();
      return records;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | CancellationException e) {
      return null; // the caller reads them again and reports what fails then
    }
  }

  /** Pages served from what was read ahead (for tests). */
  long taken() {
    return taken.get();
  }

  /** True when every page started is read (for tests). */
  boolean idle() {
    synchronized (pages) {
      return pages.values().stream().allMatch(FutureTask::isDone);
    }
  }
}
