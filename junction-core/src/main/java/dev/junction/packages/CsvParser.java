package dev.junction.packages;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 parser: comma separated, double quotes, CRLF or LF. An unquoted empty field
 * is {@code null}, a quoted empty field is {@code ""}. Blank lines are skipped. Malformed quoting
 * and over-long records are file-level errors ({@link PackageException}), because after them the
 * record boundaries can no longer be trusted.
 */
final class CsvParser {
  private final Reader in;
  private final String file;
  private final int maxRecordChars;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long line = 1;
  private long recordLine;
  private int recordChars;
  private final StringBuilder field = new StringBuilder();
  private final List<String> fields = new ArrayList<>();

  CsvParser(Reader in, String file, int maxRecordChars) {
    this.in = in;
    this.file = file;
    this.maxRecordChars = maxRecordChars;
  }

  /** The line on which the record last returned by {@link #next} starts (1-based). */
  long recordLine() {
    return recordLine;
  }

  /** The line being read now (for errors raised while reading). */
  long line() {
    return line;
  }

  private int read() throws IOException {
    if (pos == len) {
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) return -1;
      len = n;
      pos = 0;
    }
    if (++recordChars > maxRecordChars) throw tooLong();
    return buf[pos++];
  }

  private PackageException tooLong() {
    return new PackageException(
        file
            + " line "
            + recordLine
            + ": the record is longer than the limit of "
            + maxRecordChars
            + " characters; the file is refused");
  }

  private int peek() throws IOException {
    if (pos == len) {
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) return -1;
      len = n;
      pos = 0;
    }
    return buf[pos];
  }

  /** The next record's fields (a reused list), or null at the end of the input. */
  List<String> next() throws IOException {
    return record(true) ? fields : null;
  }

  /**
   * Moves past the next record without building its values, with the same checks as {@link #next}
   * (quoting, record length, and, through the reader, encoding); false at the end of the input.
   */
  boolean skip() throws IOException {
    return record(false);
  }

  /** Reads one record, into {@link #fields} when {@code keep}; false at the end of the input. */
  private boolean record(boolean keep) throws IOException {
    while (true) {
      fields.clear();
      int count = 0;
      boolean onlyEmpty = true;
      recordLine = line;
      recordChars = 0;
      int c = read();
      if (c == -1) return false;
      if (line == 1 && recordChars == 1 && c == '\uFEFF') c = read();
      while (true) {
        String value = null;
        if (c == '"') {
          onlyEmpty = false;
          field.setLength(0);
          while (true) {
            c = read();
            if (c == -1) {
              throw new PackageException(
                  file
                      + " line "
                      + recordLine
                      + ": a quoted field is not closed before the end of the file; the file is"
                      + " refused");
            }
            if (c == '"') {
              if (peek() == '"') {
                read();
                if (keep) field.append('"');
                continue;
              }
              c = read();
              break;
            }
            if (c == '\n') line++;
            if (keep) field.append((char) c);
          }
          if (c != ',' && c != '\r' && c != '\n' && c != -1) {
            throw new PackageException(
                file
                    + " line "
                    + line
                    + ": unexpected character '"
                    + (char) c
                    + "' after a closing quote; quote the whole field and double inner quotes;"
                    + " the file is refused");
          }
          if (keep) value = field.toString();
        } else if (c != ',' && c != '\r' && c != '\n' && c != -1) {
          onlyEmpty = false;
          if (keep) value = unquoted();
          else skipUnquoted();
          c = read();
        }
        if (keep) fields.add(value);
        count++;
        if (c == ',') {
          c = read();
          continue;
        }
        if (c == '\r' && peek() == '\n') read();
        if (c != -1) line++;
        break;
      }
      if (count == 1 && onlyEmpty) continue;
      return true;
    }
  }

  /** Like {@link #unquoted()}, moving past the field without making a string of it. */
  private void skipUnquoted() throws IOException {
    int start = pos - 1;
    scan();
    recordChars += pos - start - 1;
    if (recordChars > maxRecordChars) throw tooLong();
    while (pos == len) {
      int c = peek();
      if (c == -1 || c == ',' || c == '\r' || c == '\n') return;
      int from = pos;
      scan();
      recordChars += pos - from;
      if (recordChars > maxRecordChars) throw tooLong();
    }
  }

  /**
   * The unquoted field whose first character {@link #read} just returned (it is {@code buf[pos -
   * 1]}), up to but not including its delimiter or the end of the input. A field that ends within
   * the buffer becomes a string in one copy (the hot path of an import); one that crosses the
   * buffer's end is collected piece by piece.
   */
  private String unquoted() throws IOException {
    int start = pos - 1;
    scan();
    recordChars += pos - start - 1;
    if (recordChars > maxRecordChars) throw tooLong();
    if (pos < len) return new String(buf, start, pos - start);
    field.setLength(0);
    field.append(buf, start, pos - start);
    while (true) {
      int c = peek();
      if (c == -1 || c == ',' || c == '\r' || c == '\n') return field.toString();
      int from = pos;
      scan();
      recordChars += pos - from;
      if (recordChars > maxRecordChars) throw tooLong();
      field.append(buf, from, pos - from);
    }
  }

  /** Moves {@code pos} to the next delimiter within the buffer, or to its end. */
  private void scan() {
    while (pos < len) {
      char ch = buf[pos];
      if (ch == ',' || ch == '\r' || ch == '\n') return;
      pos++;
    }
  }

  /** Appends {@code value} to {@code out} as a CSV field, quoted when needed; null stays empty. */
  static void appendField(StringBuilder out, String value) {
    if (value == null) return;
    boolean quote = value.isEmpty();
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      out.append(value);
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') out.append('"');
      out.append(c);
    }
    out.append('"');
  }
}
