package dev.junction.actions;

import dev.junction.store.StoreTransaction;
import dev.junction.store.StoredRecord;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code approve} action bound to a bill of materials: checks that the record is in an
 * approvable state, sets it to the approved state and records who approved it and when. The write
 * is a compare-and-set on the record's version, so two concurrent approvals cannot both succeed.
 *
 * @param statusField field holding the state (default {@code status})
 * @param approvable states from which approval is allowed (default {@code draft}, {@code
 *     submitted})
 * @param approved state set by the approval (default {@code approved})
 * @param approvedByField field that receives the approver's principal name (default {@code
 *     approvedBy})
 * @param approvedAtField date-time field that receives the time of approval (default {@code
 *     approvedAt}); {@code null} to not record it
 */
public record BillOfMaterialsApproval(
    String statusField,
    Set<String> approvable,
    String approved,
    String approvedByField,
    String approvedAtField)
    implements Action {

  public BillOfMaterialsApproval {
    Objects.requireNonNull(statusField, "statusField");
    approvable = Set.copyOf(approvable);
    if (approvable.isEmpty()) throw new IllegalArgumentException("approvable states are empty");
    Objects.requireNonNull(approved, "approved");
    Objects.requireNonNull(approvedByField, "approvedByField");
  }

  /** status: draft|submitted → approved; approvedBy; approvedAt. */
  public static BillOfMaterialsApproval defaults() {
    return new BillOfMaterialsApproval(
        "status", Set.of("draft", "submitted"), "approved", "approvedBy", "approvedAt");
  }

  @Override
  public ActionResult run(ActionCall call, StoreTransaction tx) {
    StoredRecord bom = call.target();
    Object state = bom.get(statusField);
    if (!approvable.contains(String.valueOf(state))) {
      String by = bom.get(approvedByField) == null ? "" : " by " + bom.get(approvedByField);
      throw new ActionRejectedException(
          call.action().boundTo()
              + " "
              + keyOf(call)
              + " cannot be approved: its "
              + statusField
              + " is '"
              + state
              + "'"
              + (approved.equals(state) ? by : "")
              + " (approvable: "
              + String.join(", ", new java.util.TreeSet<>(approvable))
              + "); nothing was changed");
    }
    Map<String, Object> row = new LinkedHashMap<>(bom.values());
    row.put(statusField, approved);
    row.put(approvedByField, call.principal());
    if (approvedAtField != null) row.put(approvedAtField, call.at().atOffset(ZoneOffset.UTC));
    return ActionResult.record(tx.putIfVersion(bom.entity(), row, bom.version()));
  }

  private static String keyOf(ActionCall call) {
    return call.target().values().entrySet().stream()
        .limit(3)
        .map(e -> e.getKey() + "=" + e.getValue())
        .toList()
        .toString();
  }
}
