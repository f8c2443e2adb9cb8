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
}
