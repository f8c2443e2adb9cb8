package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A commit acknowledged to the caller survives {@code kill -9} of the JVM: a separate process
 * writes and prints acknowledged keys, is killed mid-stream, and every acknowledged key is found
 * after reopening the store.
 */
class StoreDurabilityIT {
  private static final int ACKS_BEFORE_KILL = 300;

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyAcknowledgedCommitSurvivesKillMinus9(Kind kind) throws Exception {
    try (TestDatabase db = kind == Kind.H2 ? TestDatabases.h2File() : TestDatabases.postgres()) {
      Process writer =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  DurableWriter.class.getName(),
                  db.url(),
                  db.username() == null ? "-" : db.username())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      List<Long> acknowledged = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("ACK ")) {
            acknowledged.add(Long.parseLong(line.substring(4)));
            if (acknowledged.size() == ACKS_BEFORE_KILL) writer.destroyForcibly();
          }
        }
      } catch (IOException pipeClosedByKill) {
        // the remaining acknowledgements were lost with the process; those read are checked
      }
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(writer.exitValue()).isNotZero(); // killed, not finished
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

      try (RecordStore reopened = Store.open(db.storeConfig(), InstantSource.system())) {
        reopened.migrate(List.of(DurableWriter.EVENT));
        List<Long> missing = new ArrayList<>();
        for (long id : acknowledged) {
          if (reopened.get("Event", Map.of("id", id)).isEmpty()) missing.add(id);
        }
        assertThat(missing).as("acknowledged but lost after kill -9").isEmpty();
        assertThat(reopened.changes().head()).isGreaterThanOrEqualTo(acknowledged.size());
      }
    }
  }
}
