package dev.junction.erp;

/**
 * Rows addressed by slot, in a stable order that pagination walks. Slots only grow; a slot whose
 * row is gone (deleted, or filtered out of a derived view) reads as {@code null}.
 */
interface RowSource<T extends Row> {

  /** One past the highest slot. */
  int slots();

  /** The row in {@code slot}, or {@code null}. */
  T at(int slot);

  /**
   * Whether {@code slot} holds a row; cheaper than {@link #at} for sources that compute their rows,
   * so paging without a filter does not build every row it skips or counts.
   */
  default boolean present(int slot) {
    return at(slot) != null;
  }

  /** The number of rows (non-empty slots), or {@code -1} when unknown without a scan. */
  default int live() {
    return -1;
  }
}
