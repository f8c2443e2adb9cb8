package dev.junction.pipeline;

/** How an aggregation source joins the primary records. */
public enum JoinType {
  /** Keep every primary record; those without a match get no fields from the source. */
  LEFT,
  /** Drop primary records that have no match in the source. */
  INNER
}
