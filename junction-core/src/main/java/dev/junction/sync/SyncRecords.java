package dev.junction.sync;

import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * A page's records as {@link SyncResponse#value()} holds them for a staged ChangesOnly page: one
 * value array per record (its mapped fields) or, for a deletion marker, its key values. Read as a
 * list it gives each record as a map, built on access; {@link #write} writes the JSON array
 * directly, without those maps. Immutable.
 */
public final class SyncRecords extends AbstractList<Map<String, Object>> implements RandomAccess {
  private static final SerializedString REMOVED = new SerializedString("@removed");
  private static final SerializedString REASON = new SerializedString("reason");

  private final List<String> names;
  private final List<String> keyNames;
  private final SerializableString[] jsonNames;
  private final SerializableString[] jsonKeyNames;
  private final Object[][] rows;
  private final boolean[] removed;

  /**
   * @param names the field names of a record, in output order
   * @param keyNames the names of a deletion marker's key fields
   * @param rows per record its values in {@code names} order, or (when {@code removed}) its key
   *     values in {@code keyNames} order; owned by this object from now on
   */
  SyncRecords(List<String> names, List<String> keyNames, Object[][] rows, boolean[] removed) {
    this.names = List.copyOf(names);
    this.keyNames = List.copyOf(keyNames);
    this.jsonNames = serialized(this.names);
    this.jsonKeyNames = serialized(this.keyNames);
    this.rows = rows;
    this.removed = removed;
  }

  private static SerializableString[] serialized(List<String> names) {
    SerializableString[] out = new SerializableString[names.size()];
    for (int i = 0; i < out.length; i++) out[i] = new SerializedString(names.get(i));
    return out;
  }

  @Override
  public int size() {
    return rows.length;
  }

  @Override
  public Map<String, Object> get(int index) {
    Object[] row = rows[index];
    List<String> n = removed[index] ? keyNames : names;
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < row.length; i++) out.put(n.get(i), row[i]);
    if (removed[index]) out.put("@removed", SyncFields.REMOVED);
    return out;
  }

  /**
   * Writes the records as a JSON array, exactly as the generator's mapper would write {@link
   * #get}'s maps: strings, integers, decimals, booleans and nulls directly, other values (a JSON
   * field's content, dates) through the mapper.
   */
  public void write(JsonGenerator json) {
    json.writeStartArray(this, rows.length);
    for (int r = 0; r < rows.length; r++) {
      Object[] row = rows[r];
      SerializableString[] n = removed[r] ? jsonKeyNames : jsonNames;
      json.writeStartObject();
      for (int i = 0; i < row.length; i++) {
        json.writeName(n[i]);
        switch (row[i]) {
          case null -> json.writeNull();
          case String s -> json.writeString(s);
          case Long l -> json.writeNumber(l);
          case Integer v -> json.writeNumber(v);
          case BigDecimal d -> json.writeNumber(d);
          case Boolean b -> json.writeBoolean(b);
          case Object o -> json.writePOJO(o);
        }
      }
      if (removed[r]) {
        json.writeName(REMOVED);
        json.writeStartObject();
        json.writeName(REASON);
        json.writeString("deleted");
        json.writeEndObject();
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
