package dev.junction.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** Keeps the last {@code capacity} entries in memory. */
final class InMemoryAuditLog implements AuditLog {
  private final int capacity;
  private final Deque<AuditEntry> entries = new ArrayDeque<>();
  private boolean closed;

  InMemoryAuditLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("audit capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized void record(AuditEntry entry) {
    if (closed) throw new IllegalStateException("audit log is closed; entry not recorded");
    if (entries.size() == capacity) entries.removeFirst();
    entries.addLast(entry);
  }

  @Override
  public synchronized List<AuditEntry> recent(int limit) {
    AuditLog.checkLimit(limit);
    List<AuditEntry> out = new ArrayList<>(Math.min(limit, entries.size()));
    Iterator<AuditEntry> newestFirst = entries.descendingIterator();
    while (newestFirst.hasNext() && out.size() < limit) out.add(newestFirst.next());
    return out;
  }

  @Override
  public void flush() {}

  @Override
  public synchronized void close() {
    closed = true;
  }
}
