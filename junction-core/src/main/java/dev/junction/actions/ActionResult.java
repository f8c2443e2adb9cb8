package dev.junction.actions;

import dev.junction.store.StoredRecord;
import java.util.Objects;

/** What an action returns: nothing, a record, or a primitive value. */
public sealed interface ActionResult {

  /** No result (HTTP 204). */
  record None() implements ActionResult {}

  /** A record of an entity, as stored (its version becomes the ETag). */
  record Record(StoredRecord record) implements ActionResult {
    public Record {
      Objects.requireNonNull(record, "record");
    }
  }

  /** A primitive value of the action's declared return type. */
  record Value(Object value) implements ActionResult {}

  static ActionResult none() {
    return new None();
  }

  static ActionResult record(StoredRecord record) {
    return new Record(record);
  }

  static ActionResult value(Object value) {
    return new Value(value);
  }
}
