/**
 * Runs integrations: fetch (pages of an endpoint) → chain (parent → child calls, interleaved) →
 * aggregate (joins by key) → map → validate → load (batched upserts), streaming end to end, and
 * reports each execution as a {@link dev.junction.pipeline.Run}.
 */
package dev.junction.pipeline;
