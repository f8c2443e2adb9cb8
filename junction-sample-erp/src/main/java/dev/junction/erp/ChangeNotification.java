package dev.junction.erp;

import java.time.Instant;

/** The body POSTed to callback URLs for one change. {@code sequence} is gap-free from 1. */
record ChangeNotification(
    long sequence, String entity, String id, String operation, long version, Instant lastModified) {

  static final String UPSERT = "upsert";
  static final String DELETE = "delete";
}
