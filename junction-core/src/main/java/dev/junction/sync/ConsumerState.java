package dev.junction.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * What the Sync API knows about one consumer of one integration.
 *
 * @param consumer the authenticated principal
 * @param integration integration name
 * @param generation bumped by every reset; tokens of an older generation answer 410 Gone
 * @param acknowledgedSequence the latest sync token sequence the consumer sent (what it has stored)
 * @param issuedSequence the end of the latest window fully served to it
 * @param windowsCompleted windows whose last page it received
 * @param recordsServed items served in all pages
 * @param lastSyncAt time of its latest request, or null
 */
public record ConsumerState(
    String consumer,
    String integration,
    long generation,
    long acknowledgedSequence,
    long issuedSequence,
    long windowsCompleted,
    long recordsServed,
    Instant lastSyncAt) {
  public ConsumerState {
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(integration, "integration");
  }
}
