package dev.junction.pipeline;

import dev.junction.JunctionException;

/**
 * An integration cannot run as configured (a child run directly, a self-referencing aggregation
 * source, an unresolvable placeholder, an unknown integration), or a run was stopped.
 */
public class PipelineException extends JunctionException {
  public PipelineException(String message) {
    super(message);
  }

  public PipelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
