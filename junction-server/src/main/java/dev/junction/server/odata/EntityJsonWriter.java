package dev.junction.server.odata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.junction.store.RowValues;
import dev.junction.store.StoredRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.core.edm.primitivetype.EdmPrimitiveTypeFactory;
import org.apache.olingo.server.api.serializer.SerializerException;
import org.apache.olingo.server.api.uri.UriInfoResource;
import org.apache.olingo.server.core.serializer.utils.ExpandSelectHelper;

/**
 * Writes store records as OData JSON with minimal metadata — the same bytes Olingo's {@code
 * ODataJsonSerializer} writes for them (ODataJsonWriterTest compares both) — without first building
 * an Olingo {@code Entity} per record. The hot read paths (a collection or a record without {@code
 * $expand}, in the default JSON format) use it; every other case goes through Olingo. It uses the
 * Jackson 2 generator Olingo uses, so escaping is identical.
 *
 * <p>Property values are formatted by the EDM primitive types with the property's facets, as Olingo
 * does; the same value therefore fails the same way (a decimal beyond its declared scale).
 */
final class EntityJsonWriter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<EdmPrimitiveType> NUMBERS =
      Set.of(
          kind(EdmPrimitiveTypeKind.Byte),
          kind(EdmPrimitiveTypeKind.SByte),
          kind(EdmPrimitiveTypeKind.Int16),
          kind(EdmPrimitiveTypeKind.Int32),
          kind(EdmPrimitiveTypeKind.Int64),
          kind(EdmPrimitiveTypeKind.Decimal),
          kind(EdmPrimitiveTypeKind.Double),
          kind(EdmPrimitiveTypeKind.Single));
  private static final EdmPrimitiveType BOOLEAN = kind(EdmPrimitiveTypeKind.Boolean);
  private static final EdmPrimitiveType INT32 = kind(EdmPrimitiveTypeKind.Int32);
  private static final EdmPrimitiveType INT64 = kind(EdmPrimitiveTypeKind.Int64);
  private static final EdmPrimitiveType STRING = kind(EdmPrimitiveTypeKind.String);
  private static final EdmPrimitiveType DECIMAL = kind(EdmPrimitiveTypeKind.Decimal);
  private static final EdmPrimitiveType DATE = kind(EdmPrimitiveTypeKind.Date);
  private static final EdmPrimitiveType DATE_TIME_OFFSET =
      kind(EdmPrimitiveTypeKind.DateTimeOffset);

  private static final SerializedString ETAG = new SerializedString("@odata.etag");

  /**
   * One written property: its name (also as a {@link SerializedString}, encoded once instead of per
   * record: writing the names was ~12 % of the server's CPU for {@code $top=1000}) and facets,
   * resolved once per request.
   */
  private record Column(
      String name,
      SerializedString field,
      EdmPrimitiveType type,
      Boolean nullable,
      Integer maxLength,
      Integer precision,
      Integer scale,
      Boolean unicode,
      boolean number,
      boolean bool) {}

  private final List<Column> columns;

  /** A writer of all properties of {@code type}. */
  EntityJsonWriter(EdmEntityType type) {
    List<Column> list = new ArrayList<>();
    for (String name : type.getPropertyNames()) {
      EdmProperty p = type.getStructuralProperty(name);
      EdmPrimitiveType t = (EdmPrimitiveType) p.getType();
      list.add(
          new Column(
              name,
              new SerializedString(name),
              t,
              p.isNullable(),
              p.getMaxLength(),
              p.getPrecision(),
              p.getScale(),
              p.isUnicode(),
              NUMBERS.contains(t),
              t.equals(BOOLEAN)));
    }
    this.columns = List.copyOf(list);
  }

  /**
   * Whether this writer answers a read of {@code uri} in {@code format}: no {@code $expand}, no
   * {@code $select} (Olingo then adds {@code @odata.id} and the key), and a format it supports.
   */
  static boolean handles(ContentType format, UriInfoResource uri) {
    return uri.getExpandOption() == null
        && ExpandSelectHelper.isAll(uri.getSelectOption())
        && supports(format);
  }

  /**
   * Whether {@code format} is what this writer produces: JSON with minimal metadata (the default)
   * and numbers as JSON numbers (not {@code IEEE754Compatible=true}).
   */
  static boolean supports(ContentType format) {
    if (!format.isCompatible(ContentType.APPLICATION_JSON)) return false;
    String metadata = format.getParameter(ContentType.PARAMETER_ODATA_METADATA);
    String ieee = format.getParameter(ContentType.PARAMETER_IEEE754_COMPATIBLE);
    return (metadata == null || metadata.equalsIgnoreCase("minimal"))
        && (ieee == null || !ieee.equalsIgnoreCase("true"));
  }

  /**
   * A collection: {@code @odata.context}, {@code @odata.count} when {@code count} is not null,
   * {@code value}, and {@code @odata.nextLink} when {@code nextLink} is not null.
   */
  byte[] collection(String context, Long count, List<StoredRecord> records, String nextLink)
      throws SerializerException {
    return write(context, count, records, nextLink).toByteArray();
  }

  /**
   * {@link #collection} as a stream over the written bytes in place: a page of 1,000 records is
   * ~250 KB, which {@code toByteArray()} would copy once more per request.
   */
  InputStream collectionContent(
      String context, Long count, List<StoredRecord> records, String nextLink)
      throws SerializerException {
    return write(context, count, records, nextLink).content();
  }

  private Buffer write(String context, Long count, List<StoredRecord> records, String nextLink)
      throws SerializerException {
    Buffer out = new Buffer(256 + records.size() * 256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("@odata.context", context);
      if (count != null) json.writeNumberField("@odata.count", count);
      json.writeFieldName("value");
      json.writeStartArray();
      State state = new State();
      for (StoredRecord record : records) {
        json.writeStartObject();
        writeBody(record, json, state);
      }
      json.writeEndArray();
      if (nextLink != null) json.writeStringField("@odata.nextLink", nextLink);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A byte buffer whose content can be read without copying it. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(int size) {
      super(size);
    }

    InputStream content() {
      return new ByteArrayInputStream(buf, 0, count);
    }
  }

  /** A single record with its {@code @odata.context}. */
  byte[] entity(String context, StoredRecord record) throws SerializerException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("@odata.context", context);
      writeBody(record, json, new State());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The ETag and the properties of an entity whose object is open; closes it. */
  private void writeBody(StoredRecord record, JsonGenerator json, State state)
      throws IOException, SerializerException {
    char[] scratch = state.scratch;
    json.writeFieldName(ETAG);
    // RecordMapping.etag(version), W/"<version>", without building the string
    int n = 0;
    scratch[n++] = 'W';
    scratch[n++] = '/';
    scratch[n++] = '"';
    n = digits(record.version(), scratch, n);
    scratch[n++] = '"';
    json.writeString(scratch, 0, n);
    if (record.values() instanceof RowValues row) {
      // read from the store: the values by position (the store's field order is the EDM's
      // property order, but the positions are looked up rather than assumed)
      int[] at = state.positions(row);
      for (int i = 0; i < at.length; i++) {
        Column c = columns.get(i);
        json.writeFieldName(c.field());
        writeValue(c, at[i] < 0 ? null : row.value(at[i]), json, scratch);
      }
      json.writeEndObject();
      return;
    }
    // The store keeps a record's values in field order, which is the EDM's property order: walk
    // both together and look a value up by name only where they differ.
    var stored = record.values().entrySet().iterator();
    for (Column c : columns) {
      json.writeFieldName(c.field());
      Object raw;
      if (stored.hasNext()) {
        var entry = stored.next();
        raw = entry.getKey().equals(c.name()) ? entry.getValue() : record.get(c.name());
      } else {
        raw = record.get(c.name());
      }
      writeValue(c, raw, json, scratch);
    }
    json.writeEndObject();
  }

  /**
   * Per write: the characters of one formatted value ({@link #SCRATCH} long) and, for the last
   * layout of store rows seen, the position of each column's value in it (-1: none, written as
   * null). A writer is shared by threads, so each write brings its own.
   */
  private final class State {
    final char[] scratch = new char[SCRATCH];
    private RowValues layout;
    private int[] at;

    int[] positions(RowValues row) {
      if (layout == null || !layout.sameFields(row)) {
        at = new int[columns.size()];
        for (int i = 0; i < at.length; i++) at[i] = row.indexOf(columns.get(i).name());
        layout = row;
      }
      return at;
    }
  }

  /**
   * One store value. Integers, booleans, strings within the property's length, decimals within its
   * precision and scale, and dates and timestamps of the years 0–9999 are written as they are (what
   * their EDM types' {@code valueToString} returns for them; EntityJsonWriterTest compares the
   * bytes); everything else is formatted by the EDM type with the property's facets.
   */
  private static void writeValue(Column c, Object value, JsonGenerator json, char[] scratch)
      throws IOException, SerializerException {
    switch (value) {
      case null -> {
        json.writeNull();
        return;
      }
      case Integer i when c.type() == INT32 || c.type() == INT64 -> {
        json.writeNumber(i);
        return;
      }
      case Long l when c.type() == INT64 -> {
        json.writeNumber(l);
        return;
      }
      case Boolean b when c.bool() -> {
        json.writeBoolean(b);
        return;
      }
      case String s
          when c.type() == STRING
              && (c.maxLength() == null || s.length() <= c.maxLength())
              && (c.unicode() == null || c.unicode()) -> {
        json.writeString(s);
        return;
      }
      case BigDecimal d when c.type() == DECIMAL && withinFacets(d, c) -> {
        int n = plain(d, scratch);
        if (n >= 0) json.writeNumber(scratch, 0, n);
        else json.writeNumber(d.toPlainString());
        return;
      }
      case LocalDate d when c.type() == DATE && d.getYear() >= 0 && d.getYear() <= 9999 -> {
        json.writeString(
            scratch, 0, date(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), scratch));
        return;
      }
      case OffsetDateTime t
          when c.type() == DATE_TIME_OFFSET && t.getYear() >= 0 && t.getYear() <= 9999 -> {
        json.writeString(scratch, 0, dateTimeOffset(t, scratch));
        return;
      }
      default -> value = RecordMapping.toOData(value);
    }
    String text;
    try {
      text =
          c.type()
              .valueToString(
                  value, c.nullable(), c.maxLength(), c.precision(), c.scale(), c.unicode());
    } catch (EdmPrimitiveTypeException e) {
      throw new SerializerException(
          "Wrong value for property!",
          e,
          SerializerException.MessageKeys.WRONG_PROPERTY_VALUE,
          c.name(),
          value.toString());
    }
    if (text == null) json.writeNull();
    else if (c.bool()) json.writeBoolean(Boolean.parseBoolean(text));
    else if (c.number()) json.writeNumber(text);
    else json.writeString(text);
  }

  /**
   * Whether {@code d} fits the property's declared precision and scale, so that Olingo would accept
   * it and write {@link BigDecimal#toPlainString()}; anything else is left to Olingo.
   */
  private static boolean withinFacets(BigDecimal d, Column c) {
    if (c.precision() == null || c.scale() == null) return false;
    int scale = Math.max(d.scale(), 0);
    int integerDigits = Math.max(d.precision() - d.scale(), 1);
    return scale <= c.scale() && integerDigits <= c.precision() - c.scale();
  }

  /** Characters of the longest value formatted in a scratch buffer (a timestamp with an offset). */
  private static final int SCRATCH = 48;

  /**
   * {@code t} as Olingo's {@code EdmDateTimeOffset} writes it: ISO local date-time (seconds always,
   * the fraction of a second without trailing zeros, none when zero) and then {@code
   * ZoneOffset.toString()} ({@code Z} for UTC). Years 0–9999 only. Returns the length.
   */
  static int dateTimeOffset(OffsetDateTime t, char[] out) {
    int n = date(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), out);
    out[n++] = 'T';
    n = twoDigits(t.getHour(), out, n);
    out[n++] = ':';
    n = twoDigits(t.getMinute(), out, n);
    out[n++] = ':';
    n = twoDigits(t.getSecond(), out, n);
    int nano = t.getNano();
    if (nano != 0) {
      out[n++] = '.';
      int digits = 9;
      while (nano % 10 == 0) {
        nano /= 10;
        digits--;
      }
      for (int i = digits - 1; i >= 0; i--) {
        out[n + i] = (char) ('0' + nano % 10);
        nano /= 10;
      }
      n += digits;
    }
    String offset = t.getOffset().getId();
    offset.getChars(0, offset.length(), out, n);
    return n + offset.length();
  }

  /**
   * {@code d.toPlainString()} into {@code out} for a scale of 0–18 and at most 18 digits (the
   * unscaled value is a long); returns the length, or -1 for any other decimal.
   */
  static int plain(BigDecimal d, char[] out) {
    int scale = d.scale();
    if (scale < 0 || scale > 18 || d.precision() > 18) return -1;
    long u = d.unscaledValue().longValue();
    int n = 0;
    if (u < 0) {
      out[n++] = '-';
      u = -u;
    }
    int len = 1;
    for (long x = u; x >= 10; x /= 10) len++;
    if (len <= scale) {
      out[n++] = '0';
      out[n++] = '.';
      for (int i = len; i < scale; i++) out[n++] = '0';
      return digits(u, out, n);
    }
    int end = digits(u, out, n);
    if (scale == 0) return end;
    // move the last scale digits one place right for the point
    System.arraycopy(out, end - scale, out, end - scale + 1, scale);
    out[end - scale] = '.';
    return end + 1;
  }

  /** {@code yyyy-MM-dd} (the year 0–9999) at the start of {@code out}; returns the length. */
  private static int date(int year, int month, int day, char[] out) {
    out[0] = (char) ('0' + year / 1000);
    out[1] = (char) ('0' + year / 100 % 10);
    int n = twoDigits(year % 100, out, 2);
    out[n++] = '-';
    n = twoDigits(month, out, n);
    out[n++] = '-';
    return twoDigits(day, out, n);
  }

  private static int twoDigits(int v, char[] out, int n) {
    out[n] = (char) ('0' + v / 10);
    out[n + 1] = (char) ('0' + v % 10);
    return n + 2;
  }

  /** The decimal digits of {@code v} (not negative) at {@code n}; returns the end. */
  private static int digits(long v, char[] out, int n) {
    if (v < 0) {
      String s = Long.toString(v);
      s.getChars(0, s.length(), out, n);
      return n + s.length();
    }
    int len = 1;
    for (long x = v; x >= 10; x /= 10) len++;
    for (int i = n + len - 1; i >= n; i--) {
      out[i] = (char) ('0' + v % 10);
      v /= 10;
    }
    return n + len;
  }

  private static EdmPrimitiveType kind(EdmPrimitiveTypeKind kind) {
    return EdmPrimitiveTypeFactory.getInstance(kind);
  }
}
