package dev.junction.changes;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One PostgreSQL {@code COPY … FROM STDIN} in text format, streamed while its rows are encoded (in
 * sends of about 64 KiB). Used by the change log for its rows and by the store for new entity rows.
 * Values are encoded straight into a UTF-8 byte buffer (numbers, dates and UTC date-times without
 * making strings of them; a string builder turned into bytes per send cost about a fifth of an
 * import's CPU). Closing it cancels a copy that was not {@linkplain #finish() finished}, so nothing
 * of it is written.
 */
public final class CopyText implements AutoCloseable {
  private static final int BUFFER = 64 * 1024;

  private final CopyIn copy;
  private byte[] buf = new byte[BUFFER + 1024];
  private int len;

  CopyText(CopyIn copy) {
    this.copy = copy;
  }

  /** Starts {@code copySql} ({@code COPY table (columns) FROM STDIN}) on {@code connection}. */
  public static CopyText open(Connection connection, String copySql) throws SQLException {
    return new CopyText(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
  }

  /**
   * Appends {@code v} in COPY text format: {@code \N} for null, backslash, tab, newline and
   * carriage return escaped, decimals in plain notation, booleans as {@code t}/{@code f}, dates and
   * date-times as their {@code toString()}.
   */
  public CopyText value(Object v) {
    switch (v) {
      case null -> text("\\N", false);
      case String s -> text(s, true);
      case Long l -> number(l);
      case Integer i -> number(i);
      case BigDecimal d -> text(d.toPlainString(), false);
      case Boolean b -> put(b ? (byte) 't' : (byte) 'f');
      case LocalDate d -> date(d);
      case OffsetDateTime t -> dateTime(t);
      default -> text(v.toString(), true);
    }
    return this;
  }

  /** Appends a number. */
  public CopyText value(long v) {
    number(v);
    return this;
  }

  /** Appends {@code encoded}, already in COPY text format (column separators, fixed values). */
  public CopyText raw(String encoded) {
    text(encoded, false);
    return this;
  }

  /** Appends the column separator. */
  public CopyText tab() {
    put((byte) '\t');
    return this;
  }

  /** Ends a row; sends what is encoded when the buffer is full. */
  public void endRow() throws SQLException {
    put((byte) '\n');
    if (len >= BUFFER) send();
  }

  /** Sends the rest and ends the copy. */
  public void finish() throws SQLException {
    send();
    copy.endCopy();
  }

  private void send() throws SQLException {
    copy.writeToCopy(buf, 0, len);
    len = 0;
  }

  private void room(int n) {
    if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
  }

  private void put(byte b) {
    room(1);
    buf[len++] = b;
  }

  /**
   * {@code s} as UTF-8, with the COPY escapes when {@code escape}; an unpaired surrogate becomes
   * {@code ?} as in {@link String#getBytes}.
   */
  private void text(String s, boolean escape) {
    int n = s.length();
    room(3 * n);
    byte[] b = buf;
    int p = len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (escape) {
          switch (c) {
            case '\\' -> {
              b[p++] = '\\';
              b[p++] = '\\';
              continue;
            }
            case '\t' -> {
              b[p++] = '\\';
              b[p++] = 't';
              continue;
            }
            case '\n' -> {
              b[p++] = '\\';
              b[p++] = 'n';
              continue;
            }
            case '\r' -> {
              b[p++] = '\\';
              b[p++] = 'r';
              continue;
            }
            default -> {}
          }
        }
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | c >> 6);
        b[p++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isSurrogate(c)) {
        int cp = -1;
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          cp = Character.toCodePoint(c, s.charAt(++i));
        }
        if (cp < 0) {
          b[p++] = '?';
        } else {
          b[p++] = (byte) (0xF0 | cp >> 18);
          b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
          b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
          b[p++] = (byte) (0x80 | cp & 0x3F);
        }
      } else {
        b[p++] = (byte) (0xE0 | c >> 12);
        b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
        b[p++] = (byte) (0x80 | c & 0x3F);
      }
    }
    len = p;
  }

  private void number(long v) {
    if (v == Long.MIN_VALUE) {
      text(Long.toString(v), false);
      return;
    }
    room(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) digits++;
    int end = len + digits;
    for (int p = end - 1; p >= len; p--) {
      buf[p] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len = end;
  }

  /** {@code digits} digits of {@code v}, zero-padded. */
  private void padded(int v, int digits) {
    for (int p = len + digits - 1; p >= len; p--) {
      buf[p] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += digits;
  }

  /** As {@link LocalDate#toString()}: {@code 2026-01-31}. */
  private void date(LocalDate d) {
    int year = d.getYear();
    if (year < 1000 || year > 9999) {
      text(d.toString(), false);
      return;
    }
    room(10);
    padded(year, 4);
    buf[len++] = '-';
    padded(d.getMonthValue(), 2);
    buf[len++] = '-';
    padded(d.getDayOfMonth(), 2);
  }

  /**
   * As {@link OffsetDateTime#toString()} for UTC: {@code 2026-01-31T10:15Z}, seconds when not zero,
   * then a fraction of 3, 6 or 9 digits when not zero.
   */
  private void dateTime(OffsetDateTime t) {
    if (!t.getOffset().equals(ZoneOffset.UTC)) {
      text(t.toString(), false);
      return;
    }
    int year = t.getYear();
    if (year < 1000 || year > 9999) {
      text(t.toString(), false);
      return;
    }
    date(t.toLocalDate());
    room(20);
    buf[len++] = 'T';
    LocalTime time = t.toLocalTime();
    padded(time.getHour(), 2);
    buf[len++] = ':';
    padded(time.getMinute(), 2);
    int second = time.getSecond();
    int nano = time.getNano();
    if (second > 0 || nano > 0) {
      buf[len++] = ':';
      padded(second, 2);
      if (nano > 0) {
        buf[len++] = '.';
        if (nano % 1_000_000 == 0) padded(nano / 1_000_000, 3);
        else if (nano % 1000 == 0) padded(nano / 1000, 6);
        else padded(nano, 9);
      }
    }
    buf[len++] = 'Z';
  }

  @Override
  public void close() throws SQLException {
    if (copy.isActive()) copy.cancelCopy();
  }
}
