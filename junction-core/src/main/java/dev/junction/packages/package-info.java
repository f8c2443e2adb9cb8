/**
 * Data packages: the zip (manifest plus one CSV or JSON Lines file per entity) that batch import
 * and export jobs read and write, with the guards against hostile input (zip slip, zip bombs,
 * corrupt archives, bad encodings, over-long lines). Format reference: {@code
 * docs/batch-data-api.md}.
 */
package dev.junction.packages;
