package dev.junction.jobs;

/**
 * Row counts of a job.
 *
 * @param read data rows read from the package (import)
 * @param inserted new records written
 * @param updated existing records replaced with different values
 * @param unchanged rows equal to the stored record
 * @param rejected rows listed in the error file
 * @param deleted records deleted (import) or tombstones written (export)
 * @param exported records written to the package (export)
 */
public record JobCounts(
    long read,
    long inserted,
    long updated,
    long unchanged,
    long rejected,
    long deleted,
    long exported) {

  public static final JobCounts NONE = new JobCounts(0, 0, 0, 0, 0, 0, 0);

  public JobCounts plusLoaded(long ins, long upd, long unch) {
    return new JobCounts(
        read, inserted + ins, updated + upd, unchanged + unch, rejected, deleted, exported);
  }

  public JobCounts withRead(long value) {
    return new JobCounts(value, inserted, updated, unchanged, rejected, deleted, exported);
  }

  public JobCounts withRejected(long value) {
    return new JobCounts(read, inserted, updated, unchanged, value, deleted, exported);
  }

  public JobCounts withDeleted(long value) {
    return new JobCounts(read, inserted, updated, unchanged, rejected, value, exported);
  }

  public JobCounts withExported(long value) {
    return new JobCounts(read, inserted, updated, unchanged, rejected, deleted, value);
  }

  /** Records written to the store (inserted + updated + unchanged). */
  public long loaded() {
    return inserted + updated + unchanged;
  }
}
