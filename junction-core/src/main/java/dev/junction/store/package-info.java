/**
 * The local store of entities: tables created and evolved from config, batched upserts, deletes,
 * key lookups and streaming queries, every change logged in the same transaction.
 */
package dev.junction.store;
