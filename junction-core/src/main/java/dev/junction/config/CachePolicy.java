package dev.junction.config;

/** How an entity's data is kept locally (DESIGN.md §1, "keep"). */
public enum CachePolicy {
  /** No replica: reads call through to the source. */
  DIRECT,
  /** Cold cache filled by scheduled batch sync, incremental by watermark. */
  REPLICA,
  /** Read-through detail cache with expiry. */
  LAZY,
  /** Kept current by inbound change callbacks. */
  REALTIME
}
