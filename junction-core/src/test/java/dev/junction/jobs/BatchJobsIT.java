package dev.junction.jobs;

import static dev.junction.jobs.BatchFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.packages.PackageFormat;
import dev.junction.store.Query;
import dev.junction.store.StoredRecord;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Export and import jobs end to end on H2 and PostgreSQL. */
class BatchJobsIT {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void fullExportWritesManifestAndOneCsvPerEntityParentsFirst(Kind kind) throws Exception {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      f.store.upsert(
          "Customer",
          List.of(row("id", 1, "name", "Ann, \"A\"", "balance", new BigDecimal("1.50"))));
      f.store.upsert(
          "SalesOrder",
          List.of(row("id", 7L, "customer", 1, "placed", LocalDate.parse("2026-01-02"))));
      f.store.upsert("SalesOrderLine", List.of(row("orderId", 7L, "line", 1, "qty", 3)));

      Job job =
          f.jobs.submitExport(
              ExportRequest.of("SalesOrderLine", "SalesOrder", "Customer"), null, null);
      assertThat(job.status()).isEqualTo(JobStatus.NOT_RUN);
      f.jobs.runPending();

      Job done = f.jobs.get(job.id());
      assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(done.counts().exported()).isEqualTo(3);
      Map<String, String> zip = BatchFixture.readZip(f.jobs.packageFile(job.id()));
      assertThat(zip.keySet())
          .containsExactly("SalesOrder.csv", "Customer.csv", "SalesOrderLine.csv", "manifest.json");
      assertThat(zip.get("Customer.csv"))
          .isEqualTo("id,name,balance\r\n1,\"Ann, \"\"A\"\"\",1.50\r\n");
      assertThat(zip.get("SalesOrder.csv")).isEqualTo("id,customer,placed\r\n7,1,2026-01-02\r\n");
      assertThat(zip.get("manifest.json"))
          .contains("\"rows\" : 1")
          .contains("\"format\" : \"csv\"");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void incrementalExportHoldsOnlyChangesAndDeletionsAsTombstones(Kind kind) throws Exception {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      f.store.upsert(
          "Customer",
          List.of(
              row("id", 1, "name", "Ann"),
              row("id", 2, "name", "Bob"),
              row("id", 3, "name", "Cy")));
      ExportRequest inc =
          new ExportRequest(List.of("Customer"), null, PackageFormat.JSONL, true, "customers");
      Job first = f.jobs.submitExport(inc, null, null);
      f.jobs.runPending();
      assertThat(f.jobs.get(first.id()).counts().exported()).isEqualTo(3);

      f.store.upsert(
          "Customer", List.of(row("id", 2, "name", "Bobby"), row("id", 4, "name", "Dee")));
      f.store.delete("Customer", Map.of("id", 3));
      Job second = f.jobs.submitExport(inc, null, null);
      f.jobs.runPending();

      Job done = f.jobs.get(second.id());
      assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(done.counts().exported()).isEqualTo(2);
      assertThat(done.counts().deleted()).isEqualTo(1);
      Map<String, String> zip = BatchFixture.readZip(f.jobs.packageFile(second.id()));
      assertThat(zip.get("Customer.jsonl").lines())
          .containsExactlyInAnyOrder(
              "{\"id\":2,\"name\":\"Bobby\",\"balance\":null}",
              "{\"id\":4,\"name\":\"Dee\",\"balance\":null}");
      assertThat(zip.get("Customer.deletions.jsonl")).isEqualTo("{\"id\":3}\n");
      assertThat(zip.get("manifest.json")).contains("\"incremental\" : true");

      Job third = f.jobs.submitExport(inc, null, null);
      f.jobs.runPending();
      assertThat(f.jobs.get(third.id()).counts().exported()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void importLoadsGoodRowsInRelationOrderAndListsExactlyTheBadOnes(Kind kind) throws Exception {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      // Lines come first in the zip and the manifest; orders must still load before them.
      Path pkg =
          f.zip(
              Map.of(
                  "SalesOrderLine.csv",
                  "orderId,line,qty\n1,1,5\n1,2,x\n2,1,4\n9,1,1\n1,3\n",
                  "SalesOrder.csv",
                  "id,customer,placed\n1,10,2026-01-01\n2,11,2026-13-01\n3,,\n"));
      Job job = f.jobs.submitImport(pkg, new ImportRequest("orders.zip", null, false), null, null);
      f.jobs.runPending();

      Job done = f.jobs.get(job.id());
      assertThat(done.status()).isEqualTo(JobStatus.PARTIALLY_SUCCEEDED);
      assertThat(done.counts().read()).isEqualTo(8);
      assertThat(done.counts().inserted()).isEqualTo(3);
      assertThat(done.counts().rejected()).isEqualTo(5);
      List<String> errors = BatchFixture.lines(f.jobs.errorFile(job.id()));
      assertThat(errors.getFirst()).isEqualTo("entity,row,key,field,message");
      assertThat(errors.subList(1, errors.size()))
          .containsExactly(
              "SalesOrder,2,id=2,placed,'2026-13-01' is not a date",
              "SalesOrderLine,2,\"orderId=1, line=2\",qty,'x' is not an integer",
              "SalesOrderLine,3,\"orderId=2, line=1\",orderId,"
                  + "\"references SalesOrder {id=2}, which is neither a valid row of the package nor a stored record\"",
              "SalesOrderLine,4,\"orderId=9, line=1\",orderId,"
                  + "\"references SalesOrder {id=9}, which is neither a valid row of the package nor a stored record\"",
              "SalesOrderLine,5,\"orderId=1, line=3\",,the row has 2 values but the header has 3 columns; the row is skipped");
      assertThat(keys(f, "SalesOrder")).containsExactly("1", "3");
      assertThat(keys(f, "SalesOrderLine")).containsExactly("1/1");
    }
  }

  private static List<String> keys(BatchFixture f, String entity) {
    try (Stream<StoredRecord> s = f.store.query(Query.all(entity))) {
      return s.map(
              r ->
                  entity.equals("SalesOrderLine")
                      ? r.get("orderId") + "/" + r.get("line")
                      : String.valueOf(r.get("id")))
          .toList();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aKeyRepeatedAcrossBatchesKeepsItsLastRowWhenBatchesLoadInParts(Kind kind) throws Exception {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      int rows = ImportRun.BATCH * 5 + 123;
      int keys = 2500;
      StringBuilder csv = new StringBuilder("id,name,balance\n");
      for (int i = 0; i < rows; i++) {
        csv.append(i % keys + 1).append(",n").append(i).append(',').append(i).append('\n');
      }
      Job job =
          f.jobs.submitImport(
              f.upload(csv.toString()), new ImportRequest("Customer.csv", null, false), null, null);
      f.jobs.runPending();

      Job done = f.jobs.get(job.id());
      assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(done.counts().read()).isEqualTo(rows);
      // Repeats of a key within one store call count once, so only the inserts are exact.
      assertThat(done.counts().inserted()).isEqualTo(keys);
      try (Stream<StoredRecord> s = f.store.query(Query.all("Customer"))) {
        List<StoredRecord> stored = s.toList();
        assertThat(stored).hasSize(keys);
        for (StoredRecord r : stored) {
          int id = ((Number) r.get("id")).intValue();
          int last = (rows - 1) - Math.floorMod(rows - 1 - (id - 1), keys);
          assertThat(r.get("name")).as("id %d", id).isEqualTo("n" + last);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void allOrNothingLoadsNothingWhenOneRowIsBad(Kind kind) throws Exception {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      Path csv = f.upload("id,name,balance\n1,Ann,1\n2,,2\n3,Cy,3\n");
      Job job = f.jobs.submitImport(csv, new ImportRequest("Customer.csv", null, true), null, null);
      f.jobs.runPending();
      Job done = f.jobs.get(job.id());
      assertThat(done.status()).isEqualTo(JobStatus.FAILED);
      assertThat(done.message())
          .startsWith("1 of 3 rows are invalid")
          .contains("nothing was loaded");
      assertThat(f.store.count("Customer", null)).isZero();
      assertThat(BatchFixture.lines(f.jobs.errorFile(job.id())))
          .containsExactly("entity,row,key,field,message", "Customer,2,id=2,name,is required");

      Path good = f.upload("id,name,balance\n1,Ann,1\n3,Cy,3\n");
      Job ok = f.jobs.submitImport(good, new ImportRequest("Customer.csv", null, true), null, null);
      f.jobs.runPending();
      assertThat(f.jobs.get(ok.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(f.store.count("Customer", null)).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void exportedPackageImportsBackIncludingDeletions(Kind kind) throws Exception {
    try (BatchFixture source = new BatchFixture(TestDatabases.create(kind));
        BatchFixture target = new BatchFixture(TestDatabases.create(kind))) {
      for (BatchFixture f : List.of(source, target)) {
        f.store.upsert(
            "Customer", List.of(row("id", 1, "name", "Ann"), row("id", 2, "name", "Bob")));
      }
      ExportRequest inc =
          new ExportRequest(List.of("Customer"), null, PackageFormat.CSV, true, "c");
      source.jobs.submitExport(inc, null, null);
      source.jobs.runPending();
      source.store.delete("Customer", Map.of("id", 1));
      source.store.upsert("Customer", List.of(row("id", 5, "name", "Eve")));
      Job export = source.jobs.submitExport(inc, null, null);
      source.jobs.runPending();

      Path copy =
          target.upload(java.nio.file.Files.readAllBytes(source.jobs.packageFile(export.id())));
      Job imp =
          target.jobs.submitImport(copy, new ImportRequest("delta.zip", null, false), null, null);
      target.jobs.runPending();
      Job done = target.jobs.get(imp.id());
      assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(done.counts().deleted()).isEqualTo(1);
      assertThat(keys(target, "Customer")).containsExactly("2", "5");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void cancelStopsAQueuedJobAndIsRefusedOnceFinished(Kind kind) {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      Job job = f.jobs.submitExport(ExportRequest.of("Customer"), "exec-1", null);
      assertThat(f.jobs.cancel(job.id()).status()).isEqualTo(JobStatus.CANCELED);
      assertThat(f.jobs.runPending()).isZero();
      assertThatThrownBy(() -> f.jobs.cancel("exec-1"))
          .isInstanceOf(JobException.class)
          .hasMessageContaining("already finished (Canceled)");
      assertThatThrownBy(() -> f.jobs.submitExport(ExportRequest.of("Customer"), "exec-1", null))
          .hasMessageContaining("already taken");
      assertThatThrownBy(() -> f.jobs.submitExport(ExportRequest.of("Customer"), "../x", null))
          .hasMessageContaining("is not valid");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void recurringPackagesAreDeliveredAgainWhenNotAckedInTime(Kind kind) {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      f.store.upsert("Customer", List.of(row("id", 1, "name", "Ann")));
      f.jobs.defineExport("cust", ExportRequest.of("Customer"));
      RecurringIntegrations r = f.jobs.recurring();
      r.define("act-1", "cust", Duration.ofMinutes(5), Duration.ofMinutes(30));
      f.jobs.runPending();
      assertThat(r.runSchedules()).isZero();

      var first = r.dequeue("act-1").orElseThrow();
      assertThat(r.message(first.messageId()).status())
          .isEqualTo(RecurringIntegrations.MessageStatus.DEQUEUED);
      assertThat(r.dequeue("act-1")).isEmpty();
      f.clock.advance(Duration.ofMinutes(31));
      var again = r.dequeue("act-1").orElseThrow();
      assertThat(again.messageId()).isEqualTo(first.messageId());
      assertThat(again.popReceipt()).isNotEqualTo(first.popReceipt());
      assertThatThrownBy(() -> r.ack("act-1", first.messageId(), first.popReceipt()))
          .hasMessageContaining("under another pop receipt");
      assertThat(r.ack("act-1", again.messageId(), again.popReceipt()).status())
          .isEqualTo(RecurringIntegrations.MessageStatus.ACKED);

      // The next scheduled run is incremental: a change since then makes a new package.
      f.store.upsert("Customer", List.of(row("id", 2, "name", "Bob")));
      f.jobs.runPending();
      var next = r.dequeue("act-1").orElseThrow();
      assertThat(next.messageId()).isNotEqualTo(first.messageId());
      assertThat(f.jobs.get(next.jobId()).counts().exported()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void enqueuedFilesImportInArrivalOrderWithMessageStatuses(Kind kind) {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      RecurringIntegrations r = f.jobs.recurring();
      var m1 = r.enqueue("in-1", f.upload("id,name,balance\n1,First,\n"), "Customer.csv", null);
      var m2 =
          r.enqueue("in-1", f.upload("id,name,balance\n1,Second,\n2,,\n"), "data.csv", "Customer");
      assertThat(r.message(m1.id()).status())
          .isEqualTo(RecurringIntegrations.MessageStatus.ENQUEUED);
      f.jobs.runPending();
      assertThat(r.message(m1.id()).status())
          .isEqualTo(RecurringIntegrations.MessageStatus.PROCESSED);
      assertThat(r.message(m2.id()).status())
          .isEqualTo(RecurringIntegrations.MessageStatus.PROCESSED_WITH_ERRORS);
      assertThat(f.store.get("Customer", Map.of("id", 1)).orElseThrow().get("name"))
          .isEqualTo("Second");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void cronScheduledExportsRunAtTheExpressionsTimes(Kind kind) {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      f.store.upsert("Customer", List.of(row("id", 1, "name", "Ann")));
      f.jobs.defineExport("cust", ExportRequest.of("Customer"));
      RecurringIntegrations r = f.jobs.recurring();
      // The fixture clock starts at 2026-01-01T00:00:00Z; runs at minute 30 of every hour.
      var activity =
          r.define(
              "act-cron",
              "cust",
              RecurringIntegrations.Schedule.cron("30 * * * *", java.time.ZoneOffset.UTC),
              null);
      assertThat(activity.schedule().cron().expression()).isEqualTo("30 * * * *");
      assertThat(r.activity("act-cron").orElseThrow().schedule()).isEqualTo(activity.schedule());
      assertThat(r.runSchedules()).isZero();
      f.clock.advance(Duration.ofMinutes(29));
      assertThat(r.runSchedules()).isZero();
      f.clock.advance(Duration.ofMinutes(1));
      assertThat(r.runSchedules()).isEqualTo(1);
      assertThat(r.runSchedules()).isZero();
      f.jobs.runPending();
      assertThat(r.dequeue("act-cron")).isPresent();
      // Missed runs are not caught up one by one: five hours later, one run, then the next at :30.
      f.clock.advance(Duration.ofHours(5));
      assertThat(r.runSchedules()).isEqualTo(1);
      assertThat(r.runSchedules()).isZero();
      f.clock.advance(Duration.ofMinutes(59));
      assertThat(r.runSchedules()).isZero();
      f.clock.advance(Duration.ofMinutes(1));
      assertThat(r.runSchedules()).isEqualTo(1);

      assertThatThrownBy(
              () ->
                  r.define(
                      "act-cron",
                      "cust",
                      RecurringIntegrations.Schedule.cron("61 * * * *", null),
                      null))
          .isInstanceOf(JobException.class)
          .hasMessageContaining("cron '61 * * * *': field minute '61'");
    }
  }
}
