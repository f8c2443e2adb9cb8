/** The change log: one row per committed change, read gap-free in commit order. */
package dev.junction.changes;
