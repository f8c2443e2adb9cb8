package dev.junction.server.odata;

import dev.junction.ValidationException.Violation;
import dev.junction.changes.ChangeFeed;
import dev.junction.config.EntityConfig;
import dev.junction.store.Expr;
import dev.junction.store.Query;
import dev.junction.store.RecordStore;
import dev.junction.store.StoreTransaction;
import dev.junction.store.StoredRecord;
import dev.junction.store.UpsertResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/** A real store that counts the statements the OData layer asks of it (to prove "no SQL ran"). */
final class CountingRecordStore implements RecordStore {
  private final RecordStore delegate;
  final AtomicLong calls = new AtomicLong();

  CountingRecordStore(RecordStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void migrate(List<EntityConfig> entities) {
    delegate.migrate(entities);
  }

  @Override
  public List<Violation> validate(String entity, Map<String, ?> row) {
    return delegate.validate(entity, row);
  }

  @Override
  public UpsertResult upsert(String entity, List<? extends Map<String, ?>> rows) {
    calls.incrementAndGet();
    return delegate.upsert(entity, rows);
  }

  @Override
  public boolean delete(String entity, Map<String, ?> key) {
    calls.incrementAndGet();
    return delegate.delete(entity, key);
  }

  @Override
  public Optional<StoredRecord> get(String entity, Map<String, ?> key) {
    calls.incrementAndGet();
    return delegate.get(entity, key);
  }

  @Override
  public Stream<StoredRecord> query(Query query) {
    calls.incrementAndGet();
    return delegate.query(query);
  }

  @Override
  public long count(String entity, Expr filter) {
    calls.incrementAndGet();
    return delegate.count(entity, filter);
  }

  @Override
  public List<Object> continuation(Query query, StoredRecord last) {
    return delegate.continuation(query, last);
  }

  @Override
  public <T> T transactionResult(Function<StoreTransaction, T> work) {
    calls.incrementAndGet();
    return delegate.transactionResult(work);
  }

  @Override
  public ChangeFeed changes() {
    return delegate.changes();
  }

  @Override
  public javax.sql.DataSource dataSource() {
    return delegate.dataSource();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
