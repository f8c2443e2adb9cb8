package dev.junction.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.ActionConfig;
import dev.junction.store.StoreTransaction;
import dev.junction.store.StoredRecord;
import dev.junction.store.UpsertResult;
import dev.junction.store.VersionConflictException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BillOfMaterialsApprovalTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final ActionConfig APPROVE = ActionConfig.bound("approve", "BillOfMaterials");

  /** A one-entity in-memory transaction with compare-and-set on versions. */
  static final class FakeTransaction implements StoreTransaction {
    final Map<Object, StoredRecord> records = new HashMap<>();

    StoredRecord add(String id, String status, long version) {
      StoredRecord r =
          new StoredRecord(
              "BillOfMaterials", Map.of("id", id, "status", status), version, NOW.minusSeconds(60));
      records.put(id, r);
      return r;
    }

    @Override
    public StoredRecord putIfVersion(String entity, Map<String, ?> row, long expectedVersion) {
      StoredRecord current = records.get(row.get("id"));
      long actual = current == null ? 0 : current.version();
      if (actual != expectedVersion) {
        throw new VersionConflictException(
            entity, row.get("id").toString(), expectedVersion, actual);
      }
      StoredRecord next = new StoredRecord(entity, new HashMap<>(row), actual + 1, NOW);
      records.put(row.get("id"), next);
      return next;
    }

    @Override
    public UpsertResult upsert(String entity, List<? extends Map<String, ?>> rows) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StoredRecord put(String entity, Map<String, ?> row) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String entity, Map<String, ?> key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void deleteIfVersion(String entity, Map<String, ?> key, long expectedVersion) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<StoredRecord> get(String entity, Map<String, ?> key) {
      return Optional.ofNullable(records.get(key.get("id")));
    }
  }

  @Test
  void approvesASubmittedBillAndRecordsWhoAndWhen() {
    FakeTransaction tx = new FakeTransaction();
    StoredRecord bom = tx.add("BOM-1", "submitted", 3);
    ActionResult result =
        BillOfMaterialsApproval.defaults()
            .run(new ActionCall(APPROVE, bom, Map.of(), "alice", NOW), tx);
    StoredRecord approved = ((ActionResult.Record) result).record();
    assertThat(approved.version()).isEqualTo(4);
    assertThat(approved.get("status")).isEqualTo("approved");
    assertThat(approved.get("approvedBy")).isEqualTo("alice");
    assertThat(approved.get("approvedAt"))
        .isEqualTo(OffsetDateTime.of(2026, 11, 25, 12, 0, 0, 0, ZoneOffset.UTC));
  }

  @Test
  void refusesABillThatIsAlreadyApprovedNamingTheApprover() {
    FakeTransaction tx = new FakeTransaction();
    StoredRecord bom =
        new StoredRecord(
            "BillOfMaterials",
            Map.of("id", "BOM-2", "status", "approved", "approvedBy", "bob"),
            5,
            NOW);
    tx.records.put("BOM-2", bom);
    assertThatThrownBy(
            () ->
                BillOfMaterialsApproval.defaults()
                    .run(new ActionCall(APPROVE, bom, Map.of(), "alice", NOW), tx))
        .isInstanceOf(ActionRejectedException.class)
        .hasMessageContaining("'approved' by bob")
        .hasMessageContaining("nothing was changed");
    assertThat(tx.records.get("BOM-2").version()).isEqualTo(5);
  }

  @Test
  void aConcurrentChangeWinsOverAStaleApproval() {
    FakeTransaction tx = new FakeTransaction();
    StoredRecord stale = tx.add("BOM-3", "draft", 1);
    tx.add("BOM-3", "draft", 2);
    assertThatThrownBy(
            () ->
                BillOfMaterialsApproval.defaults()
                    .run(new ActionCall(APPROVE, stale, Map.of(), "alice", NOW), tx))
        .isInstanceOf(VersionConflictException.class);
  }

  @Test
  void registryFindsTheShippedActionAndRefusesDuplicates() {
    ActionRegistry registry = ActionRegistry.standard();
    assertThat(registry.find("approve")).containsInstanceOf(BillOfMaterialsApproval.class);
    assertThat(registry.find("nope")).isEmpty();
    assertThatThrownBy(() -> registry.with("approve", (call, tx) -> ActionResult.none()))
        .hasMessageContaining("already registered");
  }
}
