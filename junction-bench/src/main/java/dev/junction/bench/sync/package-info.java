/** End-to-end benchmark of the Sync API's change feed against plain store keyset paging. */
package dev.junction.bench.sync;
