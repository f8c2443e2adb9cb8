package dev.junction.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The mutable tallies of one run; thread-safe. Warnings and rejected rows are capped. */
final class RunState {
  static final int MAX_KEPT = 1000;

  private final String id;
  final LongAdder calls = new LongAdder();
  final LongAdder attempts = new LongAdder();
  final LongAdder failedCalls = new LongAdder();
  final AtomicLong rows = new AtomicLong();
  final AtomicLong warningCount = new AtomicLong();
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final List<RecordRejected> rejected = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, EntityCounts> counts =
      Collections.synchronizedMap(new LinkedHashMap<>());

  RunState(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  void called(int attemptsMade, boolean failed) {
    calls.increment();
    attempts.add(attemptsMade);
    if (failed) failedCalls.increment();
  }

  void warn(String message) {
    if (warningCount.incrementAndGet() <= MAX_KEPT) warnings.add(message);
  }

  void error(String message) {
    errors.add(message);
  }

  void rejected(RecordRejected r) {
    counts.merge(r.entity(), new EntityCounts(0, 0, 0, 0, 1), EntityCounts::plus);
    if (rejected.size() < MAX_KEPT) rejected.add(r);
  }

  void counted(String entity, EntityCounts delta) {
    counts.merge(entity, delta, EntityCounts::plus);
  }

  List<String> warnings() {
    synchronized (warnings) {
      return List.copyOf(warnings);
    }
  }

  List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  List<RecordRejected> rejectedRows() {
    synchronized (rejected) {
      return List.copyOf(rejected);
    }
  }

  Map<String, EntityCounts> counts() {
    synchronized (counts) {
      return Map.copyOf(counts);
    }
  }
}
