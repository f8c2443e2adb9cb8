/**
 * Change feeds for consumers: the Sync API ({@code getChanges} with signed sync tokens per
 * consumer, deletion markers, ChangesOnly and FullDataset modes, Database or InMemory staging) and
 * {@link dev.junction.sync.DeltaFeed}, the deduplicated change windows that OData delta links
 * share.
 */
package dev.junction.sync;
