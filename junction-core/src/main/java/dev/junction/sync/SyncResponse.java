package dev.junction.sync;

import java.util.List;
import java.util.Map;

/**
 * One {@code getChanges} page.
 *
 * @param value the records (a {@link SyncRecords} for staged ChangesOnly pages), named by the
 *     integration's Sync API field mappings; a deleted record is its key plus {@code "@removed":
 *     {"reason": "deleted"}}
 * @param syncToken ChangesOnly, on the window's last page: the token to send next time (it starts
 *     the next window); null on other pages and in FullDataset mode
 * @param nextPageToken the opaque token of the next page; null on the last page
 * @param moreChanges true when the consumer should call again right away: a further page, or (with
 *     InMemory staging) a window cut at its size cap
 */
public record SyncResponse(
    List<Map<String, Object>> value, String syncToken, String nextPageToken, boolean moreChanges) {
  public SyncResponse {
    value = value instanceof SyncRecords ? value : List.copyOf(value);
  }
}
