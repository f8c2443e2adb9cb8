package dev.junction.packages;

import java.io.Closeable;

/**
 * Reads the rows of one entity file in order. Not thread-safe. Bad rows come back as rows with
 * violations; a file that cannot be read on (bad encoding, broken quoting, over-long line, size
 * limit) throws {@link PackageException}.
 */
public interface RowSource extends Closeable {

  /**
   * The next row, or null at the end of the file.
   *
   * @throws PackageException when the file cannot be read further
   */
  SourceRow next();

  /**
   * Moves past up to {@code rows} rows without making them, checking what {@link #next} checks
   * about the file itself (so a file it reads to its end, {@link #next} reads to its end too).
   *
   * @return the rows moved past; fewer than {@code rows} only at the end of the file
   * @throws PackageException when the file cannot be read further
   */
  default long skip(long rows) {
    long n = 0;
    while (n < rows && next() != null) n++;
    return n;
  }

  @Override
  void close();
}
