package dev.junction.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Imports whose file the job fetches from a URL ({@link BatchJobs#submitFetch}): the caller gets
 * the job before anything is fetched, and the fetch is part of the job. The HTTP side (through a
 * configured connection, over loopback) is covered by the server's {@code BatchDataApiIT}.
 */
class RemoteImportIT {
  private static final URI URL = URI.create("http://127.0.0.1:1/files/Customer.csv");

  /** Serves one CSV and records what was asked for. */
  static final class Files1 implements RemoteFiles {
    final List<String> calls = new ArrayList<>();
    String body = "id,name,balance\n1,Ann,1\n2,,2\n";
    IOException failure;

    @Override
    public void fetch(String connection, URI url, Path target) throws IOException {
      calls.add(connection + " " + url);
      if (failure != null) throw failure;
      Files.writeString(target, body, StandardCharsets.UTF_8);
    }
  }

  private static BatchJobs jobs(BatchFixture f, RemoteFiles files) {
    return BatchJobs.builder(f.store, BatchFixture.ENTITIES)
        .directory(f.dir.resolve("remote-jobs"))
        .clock(f.clock)
        .remoteFiles(files)
        .build();
  }

  @Test
  void theJobFetchesTheFileWhenItRunsNotWhenItIsSubmitted() {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(Kind.H2))) {
      Files1 files = new Files1();
      try (BatchJobs jobs = jobs(f, files)) {
        Job job =
            jobs.submitFetch(
                new ImportRequest("Customer.csv", null, false, URL, "files"), "from-url");
        assertThat(job.status()).isEqualTo(JobStatus.NOT_RUN);
        assertThat(files.calls).isEmpty();

        jobs.runPending();

        assertThat(files.calls).containsExactly("files " + URL);
        Job done = jobs.get("from-url");
        assertThat(done.status()).isEqualTo(JobStatus.PARTIALLY_SUCCEEDED);
        assertThat(f.store.count("Customer", null)).isEqualTo(1);
      }
    }
  }

  @Test
  void aFailedFetchFailsTheJobWithTheReasonAndLoadsNothing() {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(Kind.H2))) {
      Files1 files = new Files1();
      files.failure = new IOException("HTTP 404 after 1 attempt");
      try (BatchJobs jobs = jobs(f, files)) {
        jobs.submitFetch(new ImportRequest("Customer.csv", null, false, URL, "files"), "gone");
        jobs.runPending();

        Job done = jobs.get("gone");
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.message())
            .isEqualTo(
                "the file to import could not be fetched from "
                    + URL
                    + " over connection 'files': HTTP 404 after 1 attempt");
        assertThat(f.store.count("Customer", null)).isZero();
        assertThat(f.dir.resolve("remote-jobs/gone/input.part")).doesNotExist();
      }
    }
  }

  @Test
  void aResumedJobFetchesAgainOverAPartialFileOfAnEarlierAttempt() throws IOException {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(Kind.H2))) {
      Files1 files = new Files1();
      files.body = "id,name,balance\n1,Ann,1\n3,Cy,3\n";
      try (BatchJobs jobs = jobs(f, files)) {
        jobs.submitFetch(new ImportRequest("Customer.csv", null, false, URL, "files"), "resumed");
        // What a crash in the middle of the first fetch leaves behind.
        Files.createDirectories(f.dir.resolve("remote-jobs/resumed"));
        Files.writeString(f.dir.resolve("remote-jobs/resumed/input.part"), "id,name,bal");

        jobs.runPending();

        assertThat(jobs.get("resumed").status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(f.store.count("Customer", null)).isEqualTo(2);
      }
    }
  }

  @Test
  void withoutRemoteFilesOrAUrlTheSubmitIsRefused() {
    try (BatchFixture f = new BatchFixture(TestDatabases.create(Kind.H2))) {
      assertThatThrownBy(
              () ->
                  f.jobs.submitFetch(
                      new ImportRequest("Customer.csv", null, false, URL, "files"), null))
          .isInstanceOf(JobException.class)
          .hasMessage("imports from a URL are not configured on this server");
      try (BatchJobs jobs = jobs(f, new Files1())) {
        assertThatThrownBy(
                () -> jobs.submitFetch(new ImportRequest("Customer.csv", null, false), null))
            .isInstanceOf(JobException.class)
            .hasMessage("the import names no 'url' to fetch");
      }
      assertThatThrownBy(() -> new ImportRequest("Customer.csv", null, false, URL, null))
          .isInstanceOf(JobException.class)
          .hasMessageContaining("needs both 'url' and 'connection'");
    }
  }
}
