package dev.junction.connect;

/** What the connector does with a response status (per-status rules override the defaults). */
enum StatusAction {
  /** A success: the response is returned. */
  OK,
  /** Transient: try again (within the retry policy), then fail as retriable. */
  RETRY,
  /** Fail at once with a {@link ConnectorException}. */
  FAIL,
  /**
   * Return the response as it is, without treating it as an error (e.g. an API answering 404 for
   * "no lines"); the pipeline reads an ignored non-2xx response as an empty page.
   */
  IGNORE
}
