package dev.junction.jobs;

import static dev.junction.jobs.BatchFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.ExportDefinitionConfig;
import dev.junction.config.RecurringConfig;
import dev.junction.config.ScheduleConfig;
import dev.junction.packages.PackageFormat;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Export definitions and recurring integrations given in config ({@link BatchJobs#define}). */
class ConfiguredBatchIT {
  private static final List<ExportDefinitionConfig> EXPORTS =
      List.of(
          new ExportDefinitionConfig(
              "customers",
              List.of("Customer"),
              Map.of("Customer", Map.of("name", "Ann")),
              "jsonl"));

  private static List<RecurringConfig> hourly() {
    return List.of(
        new RecurringConfig(
            "customers-out",
            "customers",
            new ScheduleConfig(null, Duration.ofHours(1), "UTC"),
            Duration.ofMinutes(5)));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void configDefinesExportsAndActivitiesAndARestartKeepsTheScheduleRunning(Kind kind) {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      f.store.upsert("Customer", List.of(row("id", 1, "name", "Ann")));
      f.jobs.define(EXPORTS, hourly());

      assertThat(f.jobs.definition("customers"))
          .contains(
              new ExportRequest(
                  List.of("Customer"),
                  Map.of("Customer", Map.of("name", "Ann")),
                  PackageFormat.JSONL,
                  false,
                  "customers"));
      RecurringIntegrations r = f.jobs.recurring();
      var activity = r.activity("customers-out").orElseThrow();
      assertThat(activity.definition()).isEqualTo("customers");
      assertThat(activity.interval()).isEqualTo(Duration.ofHours(1));
      assertThat(activity.ackTimeout()).isEqualTo(Duration.ofMinutes(5));
      assertThat(r.runSchedules()).isEqualTo(1); // an interval schedule runs at once
      f.jobs.runPending();
      assertThat(r.dequeue("customers-out")).isPresent();

      // A restart 10 minutes later defines the same again: the schedule is not reset to "now".
      f.clock.advance(Duration.ofMinutes(10));
      f.jobs.define(EXPORTS, hourly());
      assertThat(r.runSchedules()).isZero();
      f.clock.advance(Duration.ofMinutes(50));
      assertThat(r.runSchedules()).isEqualTo(1);

      // A changed schedule is defined anew.
      f.jobs.define(
          EXPORTS,
          List.of(
              new RecurringConfig(
                  "customers-out",
                  "customers",
                  new ScheduleConfig("30 * * * *", null, "Europe/Zurich"),
                  Duration.ofMinutes(5))));
      var cron = r.activity("customers-out").orElseThrow().schedule();
      assertThat(cron.cron().expression()).isEqualTo("30 * * * *");
      assertThat(cron.zone()).isEqualTo(ZoneId.of("Europe/Zurich"));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aScheduleTheJobsRefuseNamesTheActivity(Kind kind) {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind))) {
      List<RecurringConfig> bad =
          List.of(
              new RecurringConfig(
                  "customers-out",
                  "customers",
                  new ScheduleConfig("61 * * * *", null, "UTC"),
                  Duration.ofMinutes(5)));
      assertThatThrownBy(() -> f.jobs.define(EXPORTS, bad))
          .isInstanceOf(JobException.class)
          .hasMessageStartingWith("recurring integration 'customers-out': cron '61 * * * *'");
    }
  }
}
