package dev.junction;

/** A failure of the local store: schema evolution refused, a database error, a bad key. */
public class StoreException extends JunctionException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
