/** End-to-end benchmark of the Sync API's change feed against OData paging of the same entity. */
package dev.junction.bench.sync;
