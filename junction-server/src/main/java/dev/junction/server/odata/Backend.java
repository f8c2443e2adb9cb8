package dev.junction.server.odata;

import dev.junction.JunctionException;
import dev.junction.ValidationException;
import dev.junction.actions.ActionRegistry;
import dev.junction.actions.ActionRejectedException;
import dev.junction.config.ActionConfig;
import dev.junction.config.EntityConfig;
import dev.junction.store.RecordStore;
import dev.junction.store.StoreTransaction;
import dev.junction.store.VersionConflictException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;

/**
 * What the OData processors share: the entities, the store, the actions, the limits, the clock and
 * the transaction of the {@code $batch} change set being processed on this thread (if any).
 */
final class Backend {
  final Map<String, EntityConfig> entities;
  final List<ActionConfig> actions;
  final RecordStore store;
  final ActionRegistry registry;
  final ODataLimits limits;
  final InstantSource clock;

  /** The Sync API engine whose change feed serves delta links; null when there is none. */
  final dev.junction.sync.SyncApi sync;

  private final ThreadLocal<StoreTransaction> changeSet = new ThreadLocal<>();
  private static final ThreadLocal<String> PRINCIPAL = new ThreadLocal<>();

  Backend(
      List<EntityConfig> entities,
      List<ActionConfig> actions,
      RecordStore store,
      ActionRegistry registry,
      ODataLimits limits,
      InstantSource clock) {
    this(entities, actions, store, registry, limits, clock, null);
  }

  Backend(
      List<EntityConfig> entities,
      List<ActionConfig> actions,
      RecordStore store,
      ActionRegistry registry,
      ODataLimits limits,
      InstantSource clock,
      dev.junction.sync.SyncApi sync) {
    this.sync = sync;
    Map<String, EntityConfig> byName = new LinkedHashMap<>();
    entities.forEach(e -> byName.put(e.name(), e));
    this.entities = Map.copyOf(byName);
    this.actions = List.copyOf(actions);
    this.store = store;
    this.registry = registry;
    this.limits = limits;
    this.clock = clock;
  }

  EntityConfig entity(UriResourceEntitySet resource) {
    return entities.get(resource.getEntitySet().getName());
  }

  /** Work in a store transaction that may fail with an OData error. */
  @FunctionalInterface
  interface TxWork<T> {
    T apply(StoreTransaction tx) throws ODataApplicationException;
  }

  /**
   * Runs {@code work} in the current change set's transaction, or in a transaction of its own.
   * Engine exceptions become OData errors with the matching status.
   */
  <T> T write(TxWork<T> work) throws ODataApplicationException {
    StoreTransaction current = changeSet.get();
    try {
      if (current != null) return work.apply(current);
      return store.transactionResult(
          tx -> {
            try {
              return work.apply(tx);
            } catch (ODataApplicationException e) {
              throw new Abort(e);
            }
          });
    } catch (Abort a) {
      throw a.error;
    } catch (JunctionException e) {
      throw translate(e);
    }
  }

  /** Runs a change set: every write of {@code work} in one transaction, all or nothing. */
  <T> T changeSet(java.util.function.Function<StoreTransaction, T> work) {
    return store.transactionResult(
        tx -> {
          changeSet.set(tx);
          try {
            return work.apply(tx);
          } finally {
            changeSet.remove();
          }
        });
  }

  static final class Abort extends RuntimeException {
    final ODataApplicationException error;

    Abort(ODataApplicationException error) {
      super(error.getMessage(), null, false, false);
      this.error = error;
    }
  }

  /** The OData error for an engine exception. */
  static ODataApplicationException translate(JunctionException e) {
    return switch (e) {
      case ValidationException v ->
          new ODataApplicationException(
              v.getMessage(), HttpStatusCode.BAD_REQUEST.getStatusCode(), Locale.ROOT, v);
      case VersionConflictException v ->
          new ODataApplicationException(
              v.getMessage(), HttpStatusCode.PRECONDITION_FAILED.getStatusCode(), Locale.ROOT, v);
      case ActionRejectedException r ->
          new ODataApplicationException(
              r.getMessage(), HttpStatusCode.CONFLICT.getStatusCode(), Locale.ROOT, r);
      case JunctionException d when dataError(d) != null ->
          new ODataApplicationException(
              "The database cannot evaluate this request: a value is out of range or invalid"
                  + " (SQLSTATE "
                  + dataError(d)
                  + "); change the query or the values.",
              HttpStatusCode.BAD_REQUEST.getStatusCode(),
              Locale.ROOT);
      default ->
          new ODataApplicationException(
              "The store failed to process the request; it was logged. Retry later.",
              HttpStatusCode.INTERNAL_SERVER_ERROR.getStatusCode(),
              Locale.ROOT,
              e);
    };
  }

  /** The SQLSTATE of a data exception (class 22: overflow, division by zero…) behind {@code e}. */
  static String dataError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("22")) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  static void setPrincipal(String name) {
    if (name == null) PRINCIPAL.remove();
    else PRINCIPAL.set(name);
  }

  static String principal() {
    String p = PRINCIPAL.get();
    return p == null ? "anonymous" : p;
  }
}
