package dev.junction.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/** Resolves every {@link SecretRef} of a bound config, reporting each failure by name. */
final class SecretCheck {
  private SecretCheck() {}

  static void resolveAll(Object record, SecretResolver secrets, Problems problems) {
    if (record == null || !record.getClass().isRecord()) return;
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object v = value(record, c);
      switch (v) {
        case SecretRef ref -> resolve(record, c.getName(), -1, ref, secrets, problems);
        case List<?> list -> {
          for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof SecretRef ref) {
              resolve(record, c.getName(), i, ref, secrets, problems);
            } else {
              resolveAll(list.get(i), secrets, problems);
            }
          }
        }
        case Map<?, ?> map -> map.values().forEach(x -> resolveAll(x, secrets, problems));
        case null -> {}
        default -> resolveAll(v, secrets, problems);
      }
    }
  }

  private static void resolve(
      Object record,
      String component,
      int index,
      SecretRef ref,
      SecretResolver secrets,
      Problems problems) {
    try {
      secrets.resolve(ref);
    } catch (UnresolvedSecretException e) {
      if (index < 0) problems.at(record, component, e.getMessage());
      else problems.at(record, component, index, e.getMessage());
    }
  }

  private static Object value(Object record, RecordComponent c) {
    try {
      var accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c, e);
    }
  }
}
