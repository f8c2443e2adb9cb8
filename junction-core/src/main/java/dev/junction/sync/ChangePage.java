package dev.junction.sync;

import java.util.List;

/**
 * One page of a deduplicated change window {@code (fromSequence, toSequence]}.
 *
 * @param items the page's items in sequence order, each record at most once in the whole window
 * @param fromSequence the window's exclusive start
 * @param toSequence the window's inclusive end: the sequence a consumer continues from once it has
 *     stored every page
 * @param lastSequence the sequence of the page's last item (pass it as {@code afterSequence} to
 *     read the next page), or the request's {@code afterSequence} when the page is empty
 * @param last true when no item of the window follows this page
 */
public record ChangePage(
    List<ChangeItem> items, long fromSequence, long toSequence, long lastSequence, boolean last) {
  public ChangePage {
    items = List.copyOf(items);
    if (fromSequence < 0 || toSequence < fromSequence) {
      throw new IllegalArgumentException(
          "window (" + fromSequence + ", " + toSequence + "] is not a valid window");
    }
  }

  /** The upserted records of this page. */
  public List<ChangeItem.Upserted> upserted() {
    return items.stream()
        .filter(ChangeItem.Upserted.class::isInstance)
        .map(ChangeItem.Upserted.class::cast)
        .toList();
  }

  /** The removed keys of this page. */
  public List<ChangeItem.Removed> removed() {
    return items.stream()
        .filter(ChangeItem.Removed.class::isInstance)
        .map(ChangeItem.Removed.class::cast)
        .toList();
  }
}
