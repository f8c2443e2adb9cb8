package dev.junction.store;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The field values of a record read from the store: an unmodifiable map from every field name of
 * the entity, in field order, to its value ({@code null} for a null field), like the {@code
 * LinkedHashMap} a {@link StoredRecord} otherwise copies its values into. It keeps the values in
 * one array next to the entity's shared field names, which a reader of many rows (a page of 1,000
 * records) can also read by position ({@link #indexOf}, {@link #value}) instead of by name.
 * Equality, hash code and string form are those of every {@link Map}.
 */
public final class RowValues extends AbstractMap<String, Object> {
  /** The field names of one entity, in order, with each name's position; shared by its rows. */
  static final class Layout {
    private final String[] names;
    private final Map<String, Integer> positions;

    Layout(List<String> names) {
      this.names = names.toArray(String[]::new);
      this.positions = HashMap.newHashMap(this.names.length);
      for (int i = 0; i < this.names.length; i++) {
        if (positions.put(this.names[i], i) != null) {
          throw new IllegalArgumentException("field '" + this.names[i] + "' appears twice");
        }
      }
    }
  }

  private final Layout layout;
  private final Object[] values;

  /**
   * The values of fields {@code names} (distinct), in that order: what a store builds for each row
   * it reads, for readers tested without one. {@code values} is copied.
   */
  public static RowValues of(List<String> names, List<?> values) {
    return new RowValues(new Layout(names), values.toArray());
  }

  /** The values of the fields of {@code layout}, in its order; {@code values} is kept as is. */
  RowValues(Layout layout, Object[] values) {
    if (values.length != layout.names.length) {
      throw new IllegalArgumentException(
          values.length + " values for " + layout.names.length + " fields");
    }
    this.layout = layout;
    this.values = values;
  }

  /**
   * The position of field {@code name} ({@link #value}), or -1 when the entity has no such field.
   */
  public int indexOf(String name) {
    Integer i = layout.positions.get(name);
    return i == null ? -1 : i;
  }

  /** The value of the field at {@code index} (0 to {@code size() - 1}, in field order). */
  public Object value(int index) {
    return values[index];
  }

  /**
   * Whether {@code other} has the same field names at the same positions (rows of one entity read
   * by one store), so that positions found by {@link #indexOf} on one hold for the other.
   */
  public boolean sameFields(RowValues other) {
    return layout == other.layout;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return layout.positions.containsKey(key);
  }

  @Override
  public Object get(Object key) {
    Integer i = layout.positions.get(key);
    return i == null ? null : values[i];
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return values.length;
      }

      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= values.length) throw new NoSuchElementException();
            int i = next++;
            return new SimpleImmutableEntry<>(layout.names[i], values[i]);
          }
        };
      }
    };
  }
}
