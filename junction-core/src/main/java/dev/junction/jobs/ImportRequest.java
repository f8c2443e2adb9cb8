package dev.junction.jobs;

import java.net.URI;
import java.util.Objects;

/**
 * What to import.
 *
 * @param fileName the uploaded file's name ({@code orders.zip}, {@code Customer.csv}); its
 *     extension tells a package from a bare file
 * @param entity for a bare CSV or JSON Lines file: the entity it holds (null: from the file name)
 * @param allOrNothing true to load nothing when any row is invalid, and to load every row in one
 *     transaction
 * @param url where the job fetches the file before it imports it, or null for an uploaded file
 * @param connection the connection {@code url} is fetched through (set exactly when {@code url} is)
 */
public record ImportRequest(
    String fileName, String entity, boolean allOrNothing, URI url, String connection) {

  /** An import of an uploaded file. */
  public ImportRequest(String fileName, String entity, boolean allOrNothing) {
    this(fileName, entity, allOrNothing, null, null);
  }

  public ImportRequest {
    if ((url == null) != (connection == null)) {
      throw new JobException(
          JobException.Reason.INVALID, "an import from a URL needs both 'url' and 'connection'");
    }
    Objects.requireNonNull(fileName, "fileName");
    if (fileName.isBlank() || fileName.length() > 500) {
      throw new JobException(
          JobException.Reason.INVALID,
          "fileName must be 1..500 characters, was '" + fileName + "'");
    }
    entity = entity == null || entity.isBlank() ? null : entity;
  }
}
