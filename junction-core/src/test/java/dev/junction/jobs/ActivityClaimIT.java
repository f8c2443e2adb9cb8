package dev.junction.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two nodes (two BatchJobs with their own pools) on one database never run one activity twice. */
class ActivityClaimIT {
  private static final int ROUNDS = 60;

  @ParameterizedTest
  @EnumSource(Kind.class)
  void twoNodesClaimingAtOnceStartOneJobPerActivity(Kind kind) throws Exception {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(kind));
        RecordStore otherStore = Store.open(f.db.storeConfig(), f.clock);
        BatchJobs other =
            BatchJobs.builder(otherStore, BatchFixture.ENTITIES)
                .directory(f.dir.resolve("jobs"))
                .clock(f.clock)
                .node("node-b")
                .build()) {
      otherStore.migrate(BatchFixture.ENTITIES);
      JobTable a = ((JdbcBatchJobs) f.jobs).table;
      JobTable b = ((JdbcBatchJobs) other).table;
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < ROUNDS; round++) {
          String activity = "act-" + round;
          for (int i = 0; i < 2; i++) {
            f.jobs.submitExport(ExportRequest.of("Customer"), activity + "-job-" + i, activity);
          }
          CyclicBarrier start = new CyclicBarrier(2);
          long now = f.clock.millis();
          Future<Optional<JobTable.Claimed>> fa =
              pool.submit(() -> claimAfter(start, a, "node-a", now));
          Future<Optional<JobTable.Claimed>> fb =
              pool.submit(() -> claimAfter(start, b, "node-b", now));
          Optional<JobTable.Claimed> ca = fa.get(30, TimeUnit.SECONDS);
          Optional<JobTable.Claimed> cb = fb.get(30, TimeUnit.SECONDS);
          List<String> claimed = new ArrayList<>();
          ca.ifPresent(c -> claimed.add(c.activityId()));
          cb.ifPresent(c -> claimed.add(c.activityId()));
          assertThat(claimed).as("round %d", round).containsExactly(activity);
          // The activity's second job waits while the first runs, on either node.
          assertThat(a.claim("node-a", now, now + 60_000)).isEmpty();
          assertThat(b.claim("node-b", now, now + 60_000)).isEmpty();
          // End the round's running job and its queued sibling so the next round starts quiet.
          ca.ifPresent(c -> a.giveUp(c.id(), "node-a", "round over", now));
          cb.ifPresent(c -> b.giveUp(c.id(), "node-b", "round over", now));
          for (int i = 0; i < 2; i++) {
            String id = activity + "-job-" + i;
            if (f.jobs.get(id).status() == JobStatus.NOT_RUN) f.jobs.cancel(id);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static Optional<JobTable.Claimed> claimAfter(
      CyclicBarrier start, JobTable table, String node, long now) throws Exception {
    start.await(30, TimeUnit.SECONDS);
    return table.claim(node, now, now + 60_000);
  }
}
