package dev.junction.changes;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One PostgreSQL {@code COPY … FROM STDIN} in text format, streamed while its rows are encoded (in
 * sends of about 64 KiB). Used by the change log for its rows and by the store for new entity rows.
 * Closing it cancels a copy that was not {@linkplain #finish() finished}, so nothing of it is
 * written.
 */
public final class CopyText implements AutoCloseable {
  private static final int BUFFER = 64 * 1024;

  private final CopyIn copy;
  private final StringBuilder text = new StringBuilder(BUFFER + 1024);

  private CopyText(CopyIn copy) {
    this.copy = copy;
  }

  /** Starts {@code copySql} ({@code COPY table (columns) FROM STDIN}) on {@code connection}. */
  public static CopyText open(Connection connection, String copySql) throws SQLException {
    return new CopyText(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
  }

  /**
   * Appends {@code v} in COPY text format: {@code \N} for null, backslash, tab, newline and
   * carriage return escaped, decimals in plain notation, booleans as {@code t}/{@code f}.
   */
  public CopyText value(Object v) {
    switch (v) {
      case null -> text.append("\\N");
      case String s -> {
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          switch (c) {
            case '\\' -> text.append("\\\\");
            case '\t' -> text.append("\\t");
            case '\n' -> text.append("\\n");
            case '\r' -> text.append("\\r");
            default -> text.append(c);
          }
        }
      }
      case BigDecimal d -> text.append(d.toPlainString());
      case Boolean b -> text.append(b ? 't' : 'f');
      default -> text.append(v);
    }
    return this;
  }

  /** Appends a number. */
  public CopyText value(long v) {
    text.append(v);
    return this;
  }

  /** Appends {@code encoded}, already in COPY text format (column separators, fixed values). */
  public CopyText raw(String encoded) {
    text.append(encoded);
    return this;
  }

  /** Appends the column separator. */
  public CopyText tab() {
    text.append('\t');
    return this;
  }

  /** Ends a row; sends what is encoded when the buffer is full. */
  public void endRow() throws SQLException {
    text.append('\n');
    if (text.length() >= BUFFER) send();
  }

  /** Sends the rest and ends the copy. */
  public void finish() throws SQLException {
    send();
    copy.endCopy();
  }

  private void send() throws SQLException {
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    text.setLength(0);
  }

  @Override
  public void close() throws SQLException {
    if (copy.isActive()) copy.cancelCopy();
  }
}
