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
   * Reads the rest of the file without making rows of it: the number of rows left. Checks what
   * {@link #next} checks about the file itself, so a file it accepts reads to its end.
   *
   * @throws PackageException when the file cannot be read further
   */
  default long count() {
    long n = 0;
    while (next() != null) n++;
    return n;
  }

  @Override
  void close();
}
