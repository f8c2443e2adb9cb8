package dev.junction.server.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls the sample ERP's {@code main}. Interim: the sample ERP module is written in parallel, so
 * its entry point is looked up by name until it is merged.
 */
final class SampleErp {
  static final String MAIN_CLASS = "dev.junction.erp.SampleErp";

  private SampleErp() {}

  static void main(String[] args) throws Exception {
    Method main;
    try {
      main = Class.forName(MAIN_CLASS).getMethod("main", String[].class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new IllegalStateException(
          "the sample ERP (" + MAIN_CLASS + ".main) is not part of this build yet", e);
    }
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw e;
    }
  }
}
