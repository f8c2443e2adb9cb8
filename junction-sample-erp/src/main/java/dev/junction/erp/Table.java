package dev.junction.erp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * A mutable, keyed table of rows in insertion order. An update keeps the row's slot, so cursors
 * stay valid while the data changes; a delete leaves an empty slot.
 */
final class Table<T extends Row> implements RowSource<T> {
  private final List<T> slots;
  private final Map<String, Integer> positions;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  Table(int expected) {
    slots = new ArrayList<>(expected);
    positions = new HashMap<>(expected * 4 / 3 + 16);
  }

  @Override
  public int slots() {
    lock.readLock().lock();
    try {
      return slots.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public T at(int slot) {
    lock.readLock().lock();
    try {
      return slot < slots.size() ? slots.get(slot) : null;
    } finally {
      lock.readLock().unlock();
    }
  }

  T get(String key) {
    lock.readLock().lock();
    try {
      Integer slot = positions.get(key);
      return slot == null ? null : slots.get(slot);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Appends {@code row}; false if its key is taken. */
  boolean insert(T row) {
    lock.writeLock().lock();
    try {
      if (positions.containsKey(row.key())) {
        return false;
      }
      positions.put(row.key(), slots.size());
      slots.add(row);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Replaces the row under {@code key} by {@code change(current)} atomically; returns the new row,
   * or {@code null} if there is none. {@code change} may throw to abort.
   */
  T update(String key, UnaryOperator<T> change) {
    lock.writeLock().lock();
    try {
      Integer slot = positions.get(key);
      if (slot == null) {
        return null;
      }
      T next = change.apply(slots.get(slot));
      slots.set(slot, next);
      return next;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public int live() {
    lock.readLock().lock();
    try {
      return positions.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Removes the row under {@code key}; returns it, or {@code null} if there was none. */
  T remove(String key) {
    lock.writeLock().lock();
    try {
      Integer slot = positions.remove(key);
      if (slot == null) {
        return null;
      }
      return slots.set(slot, null);
    } finally {
      lock.writeLock().unlock();
    }
  }

  int size() {
    lock.readLock().lock();
    try {
      return positions.size();
    } finally {
      lock.readLock().unlock();
    }
  }
}
