package dev.junction.store;

import dev.junction.ValidationException.Violation;
import dev.junction.changes.ChangeFeed;
import dev.junction.config.EntityConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The local store of entity records, with every change logged in the same transaction. Obtain one
 * from {@link Store#open}. Thread-safe: each call (or {@link #transaction}) uses its own pooled
 * connection.
 *
 * <p>Keys and rows are maps from field name to value, values in the Java types of {@link
 * dev.junction.config.FieldType}. Date-times are stored as instants and read back at UTC with
 * microsecond precision; decimals are read back at their field's scale.
 *
 * <p>Errors: bad input throws {@link dev.junction.ValidationException} with one violation per
 * problem and writes nothing; an unknown entity, a refused schema change or a database failure
 * throws {@link dev.junction.StoreException}; a failed optimistic check throws {@link
 * VersionConflictException}. After any exception the transaction is rolled back entirely.
 */
public interface RecordStore extends AutoCloseable {

  /**
   * Creates or evolves the tables of {@code entities} (a new field adds a column, a longer string
   * or wider decimal widens it). Destructive changes — a type change, a narrower column, a removed
   * field, a changed key — are refused for all entities at once, naming each, unless the store was
   * opened with {@code allowDestructiveChanges}. Must be called before an entity is used; entities
   * not named keep their tables but become unknown to this store.
   *
   * @throws dev.junction.StoreException when a change is refused or the DDL fails
   */
  void migrate(List<EntityConfig> entities);

  /** The violations {@code row} would raise in {@link #upsert}, empty when it is valid. */
  List<Violation> validate(String entity, Map<String, ?> row);

  /**
   * Inserts or replaces {@code rows} in one transaction. A row replaces the whole record (absent
   * fields become null). A row equal to the stored record is counted unchanged: no write, no change
   * row, same version. When two rows carry the same key the last one wins and the result counts the
   * key once. If any row is invalid, nothing is written and a {@link
   * dev.junction.ValidationException} lists every violation (message prefixed with the row index);
   * callers that want to keep the good rows validate first with {@link #validate}.
   *
   * <p>Conflicting concurrent writers of the same keys are serialised by row locks; a unique-key
   * race or deadlock is retried a few times.
   */
  UpsertResult upsert(String entity, List<? extends Map<String, ?>> rows);

  /** Deletes the record with {@code key}; false when there was none (then nothing is logged). */
  boolean delete(String entity, Map<String, ?> key);

  /** The record with {@code key}, read committed. */
  Optional<StoredRecord> get(String entity, Map<String, ?> key);

  /**
   * Streams the records matching {@code query} from a database cursor: memory does not grow with
   * the result. The stream holds a connection until closed — always use try-with-resources. The
   * order is made total by appending the key fields; nulls sort as the smallest value.
   */
  Stream<StoredRecord> query(Query query);

  /**
   * Streams the field values of the records matching {@code query} as arrays in the order of the
   * entity's {@link EntityConfig#fields()} (no version, no modification time): the bulk read of an
   * export, without a map and a {@link StoredRecord} per row. Same cursor, order and closing rules
   * as {@link #query}; each array is new and owned by the caller.
   */
  default Stream<Object[]> queryValues(Query query) {
    return query(query).map(r -> r.values().values().toArray());
  }

  /** The number of records of {@code entity} matching {@code filter} ({@code null} for all). */
  long count(String entity, Expr filter);

  /**
   * The keyset continuation after {@code last}: the values of the query's total order (its order
   * followed by the key fields), to pass to {@link Query#after}.
   */
  List<Object> continuation(Query query, StoredRecord last);

  /** Runs {@code work} in one transaction, committed when it returns, rolled back if it throws. */
  default void transaction(Consumer<StoreTransaction> work) {
    transactionResult(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  /** Like {@link #transaction(Consumer)}, returning {@code work}'s result after commit. */
  <T> T transactionResult(Function<StoreTransaction, T> work);

  /** The change log of this store. */
  ChangeFeed changes();

  /**
   * The store's connection pool, for Junction's own tables (audit, sync state, jobs) that live in
   * the same database. Connections come with auto-commit off; callers commit or roll back. Closed
   * by {@link #close()}.
   */
  javax.sql.DataSource dataSource();

  /** Closes the connection pool. */
  @Override
  void close();
}
