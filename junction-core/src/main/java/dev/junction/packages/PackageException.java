package dev.junction.packages;

import dev.junction.JunctionException;

/**
 * A package or file that cannot be read as a whole: not a zip, a corrupt or hostile archive, a
 * wrong manifest, an unknown entity, a bad encoding or an over-long line. The import job that meets
 * it fails with this message and loads nothing.
 */
public class PackageException extends JunctionException {
  public PackageException(String message) {
    super(message);
  }

  public PackageException(String message, Throwable cause) {
    super(message, cause);
  }
}
