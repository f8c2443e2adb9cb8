package dev.junction.pipeline;

import java.util.ArrayList;
import java.util.List;

/** Collects a run's rows in output order. */
final class RowCollector implements RunListener {
  final List<Row> rows = new ArrayList<>();

  @Override
  public void row(Row row) {
    rows.add(row);
  }
}
