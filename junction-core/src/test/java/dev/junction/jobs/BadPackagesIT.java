package dev.junction.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.packages.PackageLimits;
import dev.junction.testing.TestDatabases;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every hostile or broken upload ends as a Failed job with a clear reason and nothing loaded. */
class BadPackagesIT {
  private static final String GOOD = "id,name,balance\n1,Ann,1\n";
  private BatchFixture f;

  @BeforeEach
  void open() {
    f =
        new BatchFixture(
            TestDatabases.h2Memory(), new PackageLimits(64 << 20, 32 << 20, 200, 10_000, 1000));
  }

  @AfterEach
  void close() {
    f.close();
  }

  private Job importing(Path upload, String name) {
    Job job = f.jobs.submitImport(upload, new ImportRequest(name, null, false), null, null);
    f.jobs.runPending();
    Job done = f.jobs.get(job.id());
    assertThat(f.store.count("Customer", null)).as("nothing loaded").isZero();
    return done;
  }

  private void assertFailed(Job job, String reason) {
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.message()).contains(reason);
  }

  @Test
  void zipSlipEntryIsRefused() {
    Path outside = f.dir.resolve("evil.csv");
    Job job = importing(f.zip(Map.of("Customer.csv", GOOD, "../evil.csv", GOOD)), "p.zip");
    assertFailed(job, "entry '../evil.csv' has an unsafe path");
    assertThat(outside).doesNotExist();
    assertFailed(importing(f.zip(Map.of("/etc/Customer.csv", GOOD)), "p.zip"), "unsafe path");
  }

  @Test
  void zipBombStopsAtTheExpansionLimit() throws IOException {
    Path p = Files.createTempFile(f.dir, "bomb", ".zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
      z.putNextEntry(new ZipEntry("Customer.csv"));
      z.write("id,name,balance\n".getBytes(StandardCharsets.UTF_8));
      byte[] newlines = new byte[1 << 20];
      java.util.Arrays.fill(newlines, (byte) '\n');
      for (int i = 0; i < 40; i++) z.write(newlines);
      z.closeEntry();
    }
    assertThat(Files.size(p)).isLessThan(1 << 20);
    assertFailed(importing(p, "bomb.zip"), "zip bomb guard");
  }

  @Test
  void aMillionEmptyEntriesAreRefusedBeforeOpening() throws IOException {
    Path p = Files.createTempFile(f.dir, "many", ".zip");
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(p), 1 << 20);
        ZipOutputStream z = new ZipOutputStream(out)) {
      z.setMethod(ZipOutputStream.STORED);
      for (int i = 0; i < 1_000_000; i++) {
        ZipEntry e = new ZipEntry(Integer.toString(i, 36));
        e.setSize(0);
        e.setCrc(new CRC32().getValue());
        z.putNextEntry(e);
        z.closeEntry();
      }
    }
    try (BatchFixture big =
        new BatchFixture(
            TestDatabases.h2Memory(), new PackageLimits(1L << 30, 32 << 20, 200, 10_000, 1000))) {
      Job job = big.jobs.submitImport(p, new ImportRequest("many.zip", null, false), null, null);
      big.jobs.runPending();
      assertFailed(big.jobs.get(job.id()), "holds 1000000 entries, more than the limit of 10000");
    }
  }

  @Test
  void corruptZipIsRefused() throws IOException {
    byte[] zip = Files.readAllBytes(f.zip(Map.of("Customer.csv", GOOD.repeat(100))));
    byte[] truncated = java.util.Arrays.copyOf(zip, zip.length / 2);
    assertFailed(importing(f.upload(truncated), "p.zip"), "is not a readable zip");
    byte[] garbage = zip.clone();
    for (int i = 40; i < 80; i++) garbage[i] ^= 0x5A;
    Job job = importing(f.upload(garbage), "p.zip");
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.message()).containsAnyOf("corrupt", "not a readable zip", "not valid UTF-8");
  }

  @Test
  void wrongManifestIsRefusedNamingEachProblem() {
    Job job =
        importing(
            f.zip(
                Map.of(
                    "manifest.json",
                    "{\"version\":2,\"format\":\"xml\",\"entities\":[{\"entity\":\"Customer\"}]}",
                    "Customer.csv",
                    GOOD)),
            "p.zip");
    assertFailed(job, "'version' must be 1");
    assertThat(job.message()).contains("'format' must be").contains("entities[0].file is missing");
    assertFailed(
        importing(
            f.zip(
                Map.of(
                    "manifest.json",
                    "{\"version\":1,\"format\":\"csv\",\"entities\":[{\"entity\":\"Nope\",\"file\":\"x.csv\"}]}")),
            "p.zip"),
        "it names file 'x.csv', which is not in the package; entity 'Nope' is not configured");
    assertFailed(
        importing(
            f.zip(
                Map.of(
                    "manifest.json",
                    "{\"version\":1,\"format\":\"csv\",\"entities\":[{\"entity\":\"Customer\",\"file\":\"Customer.csv\",\"rows\":5}]}",
                    "Customer.csv",
                    GOOD)),
            "p.zip"),
        "manifest.json says 5 rows but the file holds 1");
  }

  @Test
  void badEncodingRefusesTheFile() {
    byte[] latin1 =
        "id,name,balance\n1,Ann,1\n2,Jos\u00e9,2\n".getBytes(StandardCharsets.ISO_8859_1);
    assertFailed(importing(f.upload(latin1), "Customer.csv"), "not valid UTF-8");
  }

  @Test
  void overLongLineRefusesTheFile() {
    String csv = GOOD + "2,\"" + "x".repeat(5000) + "\",2\n";
    assertFailed(
        importing(f.upload(csv), "Customer.csv"), "longer than the limit of 1000 characters");
  }

  @Test
  void aFileProblemAfterManyGoodBatchesLoadsNothing() {
    StringBuilder csv = new StringBuilder("id,name,balance\n");
    StringBuilder jsonl = new StringBuilder();
    for (int i = 1; i <= 30_000; i++) {
      csv.append(i).append(",n").append(i).append(',').append(i).append('\n');
      jsonl.append("{\"id\":").append(i).append(",\"name\":\"n").append(i).append("\"}\n");
    }
    byte[] latin1 = (csv + "30001,Jos\u00e9,2\n").getBytes(StandardCharsets.ISO_8859_1);
    assertFailed(importing(f.upload(latin1), "Customer.csv"), "not valid UTF-8");
    String longLine = "30001,\"" + "x".repeat(5000) + "\",2\n";
    assertFailed(
        importing(f.upload(csv + longLine), "Customer.csv"),
        "line 30002: the record is longer than the limit of 1000 characters");
    assertFailed(
        importing(f.upload(csv + "30001,\"open,2\n"), "Customer.csv"),
        "a quoted field is not closed");
    assertFailed(
        importing(
            f.upload(jsonl + "{\"id\":1,\"name\":\"" + "x".repeat(5000) + "\"}\n"),
            "Customer.jsonl"),
        "line 30001: the line is longer than the limit of 1000 characters");
    assertFailed(
        importing(
            f.zip(
                Map.of(
                    "manifest.json",
                    "{\"version\":1,\"format\":\"csv\",\"entities\":[{\"entity\":\"Customer\",\"file\":\"Customer.csv\",\"rows\":30001}]}",
                    "Customer.csv",
                    csv.toString())),
            "p.zip"),
        "manifest.json says 30001 rows but the file holds 30000");
  }

  @Test
  void aPackageExpandingWithinTheLimitImportsThoughEveryFileIsReadTwice() {
    StringBuilder csv = new StringBuilder("id,name,balance\n");
    for (int i = 1; i <= 10_000; i++) csv.append(i).append(",n").append(i).append(",1\n");
    int expanded = csv.length();
    try (BatchFixture tight =
        new BatchFixture(
            TestDatabases.h2Memory(),
            new PackageLimits(64 << 20, expanded + expanded / 2, 200, 10, 1000))) {
      Job job =
          tight.jobs.submitImport(
              tight.zip(Map.of("Customer.csv", csv.toString())),
              new ImportRequest("p.zip", null, false),
              null,
              null);
      tight.jobs.runPending();
      Job done = tight.jobs.get(job.id());
      assertThat(done.status()).as(done.message()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(tight.store.count("Customer", null)).isEqualTo(10_000);
    }
  }

  @Test
  void fileOverTheSizeLimitIsRefused() {
    try (BatchFixture small =
        new BatchFixture(TestDatabases.h2Memory(), new PackageLimits(100, 1000, 200, 10, 1000))) {
      Job job =
          small.jobs.submitImport(
              small.upload(GOOD.repeat(20)),
              new ImportRequest("Customer.csv", null, false),
              null,
              null);
      small.jobs.runPending();
      Job done = small.jobs.get(job.id());
      assertThat(done.status()).isEqualTo(JobStatus.FAILED);
      assertThat(done.message()).contains("more than the limit of 100 bytes");
    }
  }

  @Test
  void unknownColumnAndUnknownEntityAreClearErrors() {
    assertFailed(
        importing(f.upload("id,nam\n1,Ann\n"), "Customer.csv"),
        "column 2 'nam' is not a field of entity 'Customer'");
    assertFailed(importing(f.upload(GOOD), "Client.csv"), "entity 'Client' is not configured");
  }
}
