/**
 * The Sync API over HTTP: NAV-X {@code getChanges} routes and the plain alias, translated to the
 * core's {@link dev.junction.sync.SyncApi}, and the admin view and reset of consumer state.
 */
package dev.junction.server.sync;
