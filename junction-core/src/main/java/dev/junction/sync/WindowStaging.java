package dev.junction.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Database staging: a window is its bounds {@code (from, to]} plus the latest sequence of each key
 * that can have more than one change in it: found by one read of the window's changes of version
 * &gt; 1 and written as a few text chunks into {@code junction_sync_window_keys}, or, when there
 * are too many to group in memory, by one set-based {@code INSERT … SELECT} into {@code
 * junction_sync_window_latest}. Pages are read from the change log itself, which never changes
 * below the head, skipping every change that a later change of the same key in the window
 * supersedes; so {@code skip} and next-page tokens address the same items across requests and
 * restarts, and no record copy is written. A window small enough (see {@link #itemsLimit}) is read
 * whole when it is staged, and the staging server serves its pages from the items of that one read
 * (held in memory until its last page) instead of reading the change log again.
 *
 * <p>Why only some keys: a record's version grows by one with every change, starting at 1 (see
 * {@code JdbcTransaction}), and two changes of one key commit in version order. A key with two
 * changes in the window therefore has a change of version &gt; 1 in it; a key whose only such
 * change has version &ge; 3 and which has just that one change in the window has no other. So a
 * baseline of freshly loaded records stages nothing but its bounds.
 */
final class WindowStaging {

  /** A staged window's header; {@code pagePosition}/{@code pageSequence}: its last page's end. */
  record Window(
      long id,
      String consumer,
      String integration,
      long generation,
      long from,
      long to,
      long pagePosition,
      long pageSequence) {}

  private static final String WINDOW_COLUMNS =
      "id, consumer, integration, generation, from_sequence, to_sequence, page_position,"
          + " page_sequence";

  private static final String STAGE =
      "INSERT INTO junction_sync_window_latest (window_id, record_key, latest_sequence)"
          + " SELECT ?, record_key, MAX(sequence) FROM junction_change"
          + " WHERE entity = ? AND sequence > ? AND sequence <= ? AND version > 1"
          + " GROUP BY record_key HAVING COUNT(*) > 1 OR MIN(version) = 2";

  /**
   * The window's items after a sequence: its change rows in sequence order (a primary-key range),
   * without those superseded by a later change of the same key in the window.
   */
  private static final String ITEMS =
      "SELECT c.record_key, c.operation, c.sequence FROM junction_change c"
          + " LEFT JOIN junction_sync_window_latest l"
          + " ON l.window_id = ? AND l.record_key = c.record_key"
          + " WHERE c.sequence > ? AND c.sequence <= ? AND c.entity = ?"
          + " AND (l.latest_sequence IS NULL OR l.latest_sequence = c.sequence)"
          + " ORDER BY c.sequence LIMIT ? OFFSET ?";

  /** A window's change rows after a sequence, in sequence order (a primary-key range). */
  private static final String RANGE =
      "SELECT record_key, operation, sequence FROM junction_change"
          + " WHERE sequence > ? AND sequence <= ? AND entity = ? ORDER BY sequence LIMIT ?";

  /** The changes of version &gt; 1 in a window, grouped by {@link #repeatedKeys}. */
  private static final String CANDIDATES =
      "SELECT record_key, sequence, version FROM junction_change"
          + " WHERE entity = ? AND sequence > ? AND sequence <= ? AND version > 1 LIMIT ?";

  /** All of a window's change rows in sequence order (a primary-key range), for {@link #scan}. */
  private static final String ALL =
      "SELECT record_key, sequence, version, operation FROM junction_change"
          + " WHERE sequence > ? AND sequence <= ? AND entity = ? ORDER BY sequence";

  /**
   * A window whose sequence range spans at most this many times {@code stagedKeysInMemory} changes
   * is read whole when it is staged and its items are held in memory for its pages (about 20 bytes
   * plus the key per change: at most ~50 MB for the default 500,000 and keys of ~12 characters).
   */
  private static final long ITEMS_PER_CACHED_KEY = 4;

  /** Characters per row of junction_sync_window_keys (its column holds up to 1,000,000). */
  private static final int CHUNK_CHARS = 500_000;

  private static final String LATEST =
      "SELECT record_key, latest_sequence FROM junction_sync_window_latest WHERE window_id = ?"
          + " LIMIT ?";

  /**
   * Windows with more repeated keys (or changes of version &gt; 1) than this are staged and
   * filtered by the database, not in memory; also the most keys cached for all windows.
   */
  private final int cachedKeysLimit;

  private final DataSource dataSource;

  /** Windows spanning at least this many changes are read by two threads when staged. */
  private final long parallelMinimum;

  /** Large windows are read by two threads when the machine has a second processor. */
  WindowStaging(int cachedKeysLimit, DataSource dataSource) {
    this(
        cachedKeysLimit,
        dataSource,
        Runtime.getRuntime().availableProcessors() > 1 ? PARALLEL_MINIMUM : Long.MAX_VALUE);
  }

  WindowStaging(int cachedKeysLimit, DataSource dataSource, long parallelMinimum) {
    this.cachedKeysLimit = cachedKeysLimit;
    this.dataSource = dataSource;
    this.parallelMinimum = parallelMinimum;
  }

  /** Below this many changes a second thread costs more than it saves. */
  static final long PARALLEL_MINIMUM = 100_000;

  /** Change rows read per query of a page. */
  private static final int RANGE_ROWS = 50_000;

  /**
   * The latest sequences of recently paged windows (null: too many to keep), least recently used
   * first, at most {@link #cachedKeysLimit} keys in all (the newest window is kept whatever its
   * size). Staged rows never change, so an entry stays true as long as its window exists.
   */
  private final LinkedHashMap<Long, Map<String, Long>> latestByWindow =
      new LinkedHashMap<>(16, 0.75f, true);

  private long cachedKeys;

  /**
   * The items of windows staged by this server whose change rows were read whole (see {@link
   * #itemsLimit}), least recently used first; released once a window's last page was served.
   */
  private final LinkedHashMap<Long, Items> itemsByWindow = new LinkedHashMap<>(16, 0.75f, true);

  private long heldItems;

  /** Creates the window (from, to] of {@code entity}; the caller commits. */
  Window stage(
      Connection c,
      String consumer,
      String integration,
      long generation,
      String entity,
      long from,
      long to,
      Instant now,
      Instant expires)
      throws SQLException {
    long id;
    try (PreparedStatement w =
        c.prepareStatement(
            "INSERT INTO junction_sync_window (consumer, integration, generation, from_sequence,"
                + " to_sequence, item_count, created_at, expires_at, page_position, page_sequence)"
                + " VALUES (?, ?, ?, ?, ?, -1, ?, ?, 0, ?)",
            new String[] {"id"})) {
      w.setString(1, consumer);
      w.setString(2, integration);
      w.setLong(3, generation);
      w.setLong(4, from);
      w.setLong(5, to);
      w.setObject(6, now.atOffset(ZoneOffset.UTC));
      w.setObject(7, expires.atOffset(ZoneOffset.UTC));
      w.setLong(8, from);
      w.executeUpdate();
      try (ResultSet keys = w.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    Map<String, Long> latest;
    Items items = null;
    if (to - from <= itemsLimit()) {
      Scan scan = scan(c, entity, from, to);
      latest = scan.latest();
      if (latest != null) items = scan.items(latest);
    } else {
      latest = repeatedKeys(c, entity, from, to);
    }
    if (latest == null) {
      try (PreparedStatement s = c.prepareStatement(STAGE)) {
        s.setLong(1, id);
        s.setString(2, entity);
        s.setLong(3, from);
        s.setLong(4, to);
        s.executeUpdate();
      }
    } else {
      writeKeys(c, id, latest);
      cache(id, latest);
      if (items != null) hold(id, items);
    }
    return new Window(id, consumer, integration, generation, from, to, 0, from);
  }

  /** The most change rows of windows whose items are held in memory, together. */
  private long itemsLimit() {
    return ITEMS_PER_CACHED_KEY * cachedKeysLimit;
  }

  /**
   * One read of all of a window's change rows: {@link #repeatedKeys}' grouping of those of version
   * &gt; 1 ({@link #latest}, null as there), and every row in sequence order for {@link #items}.
   */
  private record Scan(
      Map<String, Long> latest,
      long[] sequences,
      int[] keyEnds,
      String keys,
      BitSet deletes,
      int size,
      int[] hashes) {

    /**
     * The window's items: its rows without those a later change of the same key in the window
     * supersedes, exactly what {@link WindowStaging#items} reads from the change log with {@code
     * latest}.
     */
    Items items(Map<String, Long> latest) {
      if (latest.isEmpty()) return new Items(sequences, keyEnds, keys, deletes, null, size);
      // A row whose key's hash is not among the repeated keys' is kept without a map lookup.
      int bits = Integer.highestOneBit(Math.max(1024, latest.size() * 8 - 1)) << 1;
      BitSet repeated = new BitSet(bits);
      for (String key : latest.keySet()) repeated.set(slot(key.hashCode(), bits));
      int[] kept = new int[size];
      int n = 0;
      for (int i = 0, start = 0; i < size; start = keyEnds[i++]) {
        if (repeated.get(slot(hashes[i], bits))) {
          Long last = latest.get(keys.substring(start, keyEnds[i]));
          if (last != null && last != sequences[i]) continue; // superseded in this window
        }
        kept[n++] = i;
      }
      return new Items(sequences, keyEnds, keys, deletes, n == size ? null : kept, n);
    }

    private static int slot(int hash, int bits) {
      return (hash ^ (hash >>> 16)) & (bits - 1);
    }
  }

  /**
   * A window's items in sequence order (what its pages serve), held in memory by the server that
   * staged it, so its pages need not read the change log again: the rows it read (keys one after
   * another in one string, {@code keyEnds[r]} where row {@code r}'s key ends) and which of them are
   * items, {@code kept[i]} the row of item {@code i} (null: every row). Derived from the same rows
   * and the same repeated keys as the staged snapshot, so a server without it (after a restart)
   * reads the same items from the change log.
   */
  private record Items(
      long[] sequences, int[] keyEnds, String keys, BitSet deletes, int[] kept, int size) {

    private int row(int item) {
      return kept == null ? item : kept[item];
    }

    /** Up to {@code limit} items after {@code afterSequence}, skipping {@code skip} of them. */
    List<JdbcDeltaFeed.Row> page(long afterSequence, long skip, int limit) {
      int low = 0; // the first item after afterSequence
      int high = size;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (sequences[row(mid)] <= afterSequence) low = mid + 1;
        else high = mid;
      }
      long from = low + skip;
      if (from >= size) return new ArrayList<>();
      int to = (int) Math.min(size, from + limit);
      List<JdbcDeltaFeed.Row> rows = new ArrayList<>(to - (int) from);
      for (int i = (int) from; i < to; i++) {
        int r = row(i);
        rows.add(
            new JdbcDeltaFeed.Row(
                keys.substring(r == 0 ? 0 : keyEnds[r - 1], keyEnds[r]),
                deletes.get(r),
                sequences[r]));
      }
      return rows;
    }
  }

  /**
   * Reads all of window {@code (from, to]}'s change rows once. A window of at least {@link
   * #parallelMinimum} changes is read as two halves at the same time: the upper half on a
   * connection of its own, by a helper that gives the half back unread if it cannot get a
   * connection before this thread has read the lower half (so a full pool delays nothing and cannot
   * deadlock).
   */
  private Scan scan(Connection c, String entity, long from, long to) throws SQLException {
    if (to - from < parallelMinimum) {
      Rows all = new Rows(to - from, cachedKeysLimit);
      read(c, entity, from, to, all);
      return all.scan();
    }
    long mid = from + (to - from) / 2;
    UpperHalf upper = new UpperHalf(entity, mid, to);
    Thread helper = Thread.ofVirtual().name("junction-sync-staging").start(upper);
    Rows lower = new Rows(to - from, cachedKeysLimit); // room for the upper half too
    try {
      read(c, entity, from, mid, lower);
    } catch (SQLException | RuntimeException e) {
      upper.giveBack();
      throw e;
    }
    Rows rest;
    if (upper.giveBack()) {
      rest =
          new Rows(to - mid, cachedKeysLimit); // the helper got no connection in time: read it here
      read(c, entity, mid, to, rest);
    } else {
      try {
        helper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while staging a window", e);
      }
      rest = upper.result();
    }
    lower.append(rest);
    return lower.scan();
  }

  /** The helper of {@link #scan}: reads the upper half unless it was given back first. */
  private final class UpperHalf implements Runnable {
    private static final int OPEN = 0;
    private static final int TAKEN = 1;
    private static final int GIVEN_BACK = 2;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final String entity;
    private final long from;
    private final long to;
    private Rows rows;
    private Throwable failure;

    UpperHalf(String entity, long from, long to) {
      this.entity = entity;
      this.from = from;
      this.to = to;
    }

    @Override
    public void run() {
      try (Connection own = dataSource.getConnection()) {
        if (!state.compareAndSet(OPEN, TAKEN)) return;
        try {
          Rows read = new Rows(to - from, cachedKeysLimit);
          read(own, entity, from, to, read);
          rows = read;
        } finally {
          own.rollback();
        }
      } catch (SQLException | RuntimeException e) {
        if (state.get() == TAKEN) failure = e;
      }
    }

    /** True if the half was not taken yet (it is the caller's to read now). */
    boolean giveBack() {
      return state.compareAndSet(OPEN, GIVEN_BACK);
    }

    /** The half the helper read (after it ended). */
    Rows result() throws SQLException {
      if (failure instanceof SQLException e) throw e;
      if (failure != null) throw (RuntimeException) failure;
      return rows;
    }
  }

  /** Reads the change rows of {@code entity} in {@code (from, to]} into {@code rows}. */
  private static void read(Connection c, String entity, long from, long to, Rows rows)
      throws SQLException {
    stream(
        c,
        ALL,
        s -> {
          s.setLong(1, from);
          s.setLong(2, to);
          s.setString(3, entity);
        },
        rs -> {
          rows.add(rs.getString(1), rs.getLong(2), rs.getLong(3), "DELETE".equals(rs.getString(4)));
          return true;
        });
  }

  /** Takes one row of a result; false to stop reading. */
  private interface RowReader {
    boolean read(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code sql} and hands its rows to {@code reader} until it returns false, 10,000 rows per
   * fetch; on H2 row by row (lazily) instead of buffering the result in a temporary result first.
   */
  private static void stream(Connection c, String sql, Binder bind, RowReader reader)
      throws SQLException {
    boolean h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
    if (h2) lazy(c, true);
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind.bind(s);
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) if (!reader.read(rs)) return;
      }
    } finally {
      if (h2) lazy(c, false);
    }
  }

  /** Change rows in sequence order as read by {@link #read}, with their changes of version > 1. */
  private static final class Rows {
    private static final int PRESIZED_ROWS = 2_000_000;
    private long[] sequences;
    private int[] keyEnds;
    private int[] hashes;
    private final StringBuilder keys;
    private final BitSet deletes = new BitSet();
    private int size;

    /**
     * The rows of version &gt; 1 (keys, and sequence and version pairs), in the order read; no more
     * than one over the limit, which is enough to know the grouping is left to the database.
     */
    private final List<String> candidateKeys = new ArrayList<>();

    private long[] candidates = new long[32];
    private final int candidateLimit;

    /**
     * Room for {@code capacity} rows (a window's sequence span, which bounds its rows), up to
     * {@link #PRESIZED_ROWS}: sized once instead of grown by copies of ever larger arrays.
     */
    Rows(long capacity, int candidateLimit) {
      this.candidateLimit = candidateLimit;
      int rows = (int) Math.min(capacity, PRESIZED_ROWS);
      sequences = new long[rows];
      keyEnds = new int[rows];
      hashes = new int[rows];
      keys = new StringBuilder(rows * 10);
    }

    void add(String key, long sequence, long version, boolean delete) {
      if (size == sequences.length) grow(size + 1);
      keys.append(key);
      sequences[size] = sequence;
      keyEnds[size] = keys.length();
      hashes[size] = key.hashCode();
      if (delete) deletes.set(size);
      size++;
      if (version > 1 && candidateKeys.size() <= candidateLimit) {
        int n = candidateKeys.size();
        if (2 * n + 2 > candidates.length) candidates = Arrays.copyOf(candidates, 4 * n + 4);
        candidates[2 * n] = sequence;
        candidates[2 * n + 1] = version;
        candidateKeys.add(key);
      }
    }

    private void grow(int needed) {
      int capacity = Math.max(Math.max(16, needed), sequences.length * 2);
      sequences = Arrays.copyOf(sequences, capacity);
      keyEnds = Arrays.copyOf(keyEnds, capacity);
      hashes = Arrays.copyOf(hashes, capacity);
    }

    /** Appends {@code later}, whose rows all come after these. */
    void append(Rows later) {
      if (size + later.size > sequences.length) grow(size + later.size);
      int offset = keys.length();
      keys.append(later.keys);
      System.arraycopy(later.sequences, 0, sequences, size, later.size);
      System.arraycopy(later.hashes, 0, hashes, size, later.size);
      for (int i = 0; i < later.size; i++) keyEnds[size + i] = later.keyEnds[i] + offset;
      for (int i = later.deletes.nextSetBit(0); i >= 0; i = later.deletes.nextSetBit(i + 1)) {
        deletes.set(size + i);
      }
      size += later.size;
      int n = candidateKeys.size();
      int m = Math.min(later.candidateKeys.size(), candidateLimit + 1 - n);
      if (m <= 0) return;
      if (2 * (n + m) > candidates.length) candidates = Arrays.copyOf(candidates, 2 * (n + m));
      System.arraycopy(later.candidates, 0, candidates, 2 * n, 2 * m);
      candidateKeys.addAll(later.candidateKeys.subList(0, m));
    }

    /** The rows with {@link #repeatedKeys}' grouping of their changes of version &gt; 1. */
    Scan scan() {
      Map<String, Long> latest = null;
      if (candidateKeys.size() <= candidateLimit) {
        Map<String, long[]> groups = new HashMap<>(); // key -> {count, max sequence, min version}
        for (int i = 0; i < candidateKeys.size(); i++) {
          group(groups, candidateKeys.get(i), candidates[2 * i], candidates[2 * i + 1]);
        }
        latest = latest(groups);
      }
      return new Scan(latest, sequences, keyEnds, keys.toString(), deletes, size, hashes);
    }
  }

  /** Counts one change of {@code key} into {@code groups}: {count, max sequence, min version}. */
  private static void group(Map<String, long[]> groups, String key, long sequence, long version) {
    long[] g = groups.get(key);
    if (g == null) {
      groups.put(key, new long[] {1, sequence, version});
    } else {
      g[0]++;
      g[1] = Math.max(g[1], sequence);
      g[2] = Math.min(g[2], version);
    }
  }

  /**
   * The latest sequence of each repeated key of grouped candidates; null if one is not canonical.
   */
  private static Map<String, Long> latest(Map<String, long[]> groups) {
    Map<String, Long> latest = new HashMap<>();
    for (Map.Entry<String, long[]> e : groups.entrySet()) {
      long[] g = e.getValue();
      if (g[0] > 1 || g[2] == 2) {
        String key = e.getKey();
        if (key.indexOf('\t') >= 0 || key.indexOf('\n') >= 0) return null; // not canonical JSON
        latest.put(key, g[1]);
      }
    }
    return latest;
  }

  /**
   * What {@link #STAGE} selects, grouped in memory: the latest sequence of each key that has a
   * change of version &gt; 1 in the window and more than one change in it (or whose earliest such
   * change is version 2); null when the window has more than {@link #cachedKeysLimit} changes of
   * version &gt; 1.
   */
  private Map<String, Long> repeatedKeys(Connection c, String entity, long from, long to)
      throws SQLException {
    Map<String, long[]> groups = new HashMap<>(); // key -> {count, max sequence, min version}
    int[] rows = {0};
    stream(
        c,
        CANDIDATES,
        s -> {
          s.setString(1, entity);
          s.setLong(2, from);
          s.setLong(3, to);
          s.setInt(4, (int) Math.min(Integer.MAX_VALUE, cachedKeysLimit + 1L));
        },
        rs -> {
          if (++rows[0] > cachedKeysLimit) return false;
          group(groups, rs.getString(1), rs.getLong(2), rs.getLong(3));
          return true;
        });
    return rows[0] > cachedKeysLimit ? null : latest(groups);
  }

  private static void lazy(Connection c, boolean on) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute("SET LAZY_QUERY_EXECUTION " + (on ? "TRUE" : "FALSE"));
    }
  }

  /** Writes the window's repeated keys as chunk rows (at least one, so a reader knows). */
  private static void writeKeys(Connection c, long id, Map<String, Long> latest)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO junction_sync_window_keys (window_id, chunk, data) VALUES (?, ?, ?)")) {
      StringBuilder chunk = new StringBuilder();
      int n = 0;
      for (Map.Entry<String, Long> e : latest.entrySet()) {
        String line = e.getKey() + '\t' + Long.toString(e.getValue(), 36) + '\n';
        if (chunk.length() + line.length() > CHUNK_CHARS && !chunk.isEmpty()) {
          addChunk(insert, id, n++, chunk);
        }
        chunk.append(line);
      }
      addChunk(insert, id, n, chunk);
      insert.executeBatch();
    }
  }

  private static void addChunk(PreparedStatement insert, long id, int n, StringBuilder chunk)
      throws SQLException {
    insert.setLong(1, id);
    insert.setInt(2, n);
    insert.setString(3, chunk.toString());
    insert.addBatch();
    chunk.setLength(0);
  }

  /** The repeated keys written by {@link #writeKeys}, or null when the window has no chunk rows. */
  private static Map<String, Long> readKeys(Connection c, long id) throws SQLException {
    Map<String, Long> latest = null;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT data FROM junction_sync_window_keys WHERE window_id = ? ORDER BY chunk")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (latest == null) latest = new HashMap<>();
          String data = rs.getString(1);
          for (int start = 0; start < data.length(); ) {
            int tab = data.indexOf('\t', start);
            int end = data.indexOf('\n', tab);
            latest.put(data.substring(start, tab), Long.parseLong(data, tab + 1, end, 36));
            start = end + 1;
          }
        }
      }
    }
    return latest;
  }

  Optional<Window> byId(Connection c, long id, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + WINDOW_COLUMNS
                + " FROM junction_sync_window WHERE id = ? AND expires_at > ?")) {
      s.setLong(1, id);
      s.setObject(2, now.atOffset(ZoneOffset.UTC));
      return one(s);
    }
  }

  /** The consumer's unexpired window starting at {@code from}, if it is still staged. */
  Optional<Window> open(
      Connection c, String consumer, String integration, long generation, long from, Instant now)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + WINDOW_COLUMNS
                + " FROM junction_sync_window WHERE consumer = ? AND integration = ?"
                + " AND generation = ? AND from_sequence = ? AND expires_at > ? ORDER BY id DESC")) {
      s.setString(1, consumer);
      s.setString(2, integration);
      s.setLong(3, generation);
      s.setLong(4, from);
      s.setObject(5, now.atOffset(ZoneOffset.UTC));
      return one(s);
    }
  }

  private static Optional<Window> one(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next()) return Optional.empty();
      return Optional.of(
          new Window(
              rs.getLong(1),
              rs.getString(2),
              rs.getString(3),
              rs.getLong(4),
              rs.getLong(5),
              rs.getLong(6),
              rs.getLong(7),
              rs.getLong(8)));
    }
  }

  /**
   * Up to {@code limit} items of window {@code w} of {@code entity} after {@code afterSequence},
   * skipping {@code skip} of them. When the window's repeated keys fit in memory, the change rows
   * are read as a plain primary-key range and the superseded ones dropped by a hash lookup in the
   * window's latest sequences (read once per window and cached: a staged window never changes);
   * otherwise the database joins each change row with them.
   */
  List<JdbcDeltaFeed.Row> items(
      Connection c, Window w, String entity, long afterSequence, long skip, int limit)
      throws SQLException {
    Items held;
    synchronized (itemsByWindow) {
      held = itemsByWindow.get(w.id());
    }
    if (held != null) return held.page(afterSequence, skip, limit);
    Map<String, Long> latest = latest(c, w.id());
    if (latest == null) return joinedItems(c, w, entity, afterSequence, skip, limit);
    List<JdbcDeltaFeed.Row> rows = new ArrayList<>(Math.min(limit, 10_001));
    long toSkip = skip;
    long after = afterSequence;
    try (PreparedStatement s = c.prepareStatement(RANGE)) {
      while (rows.size() < limit && after < w.to()) {
        int want = (int) Math.min(RANGE_ROWS, limit - rows.size() + toSkip);
        int read = 0;
        s.setLong(1, after);
        s.setLong(2, w.to());
        s.setString(3, entity);
        s.setInt(4, want);
        s.setFetchSize(Math.min(want, 10_000));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            read++;
            String key = rs.getString(1);
            long sequence = rs.getLong(3);
            after = sequence;
            Long last = latest.isEmpty() ? null : latest.get(key);
            if (last != null && last != sequence) continue; // superseded in this window
            if (toSkip > 0) {
              toSkip--;
            } else if (rows.size() < limit) {
              rows.add(new JdbcDeltaFeed.Row(key, "DELETE".equals(rs.getString(2)), sequence));
            }
          }
        }
        if (read < want) break; // the window's end
      }
    }
    return rows;
  }

  /**
   * Up to {@code limit} items of window {@code id} after {@code afterSequence} when this server
   * holds the window's items; empty otherwise (reading them is then work for a request).
   */
  Optional<List<JdbcDeltaFeed.Row>> heldItems(long id, long afterSequence, int limit) {
    Items held;
    synchronized (itemsByWindow) {
      held = itemsByWindow.get(id);
    }
    return held == null ? Optional.empty() : Optional.of(held.page(afterSequence, 0, limit));
  }

  private List<JdbcDeltaFeed.Row> joinedItems(
      Connection c, Window w, String entity, long afterSequence, long skip, int limit)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(ITEMS)) {
      s.setLong(1, w.id());
      s.setLong(2, afterSequence);
      s.setLong(3, w.to());
      s.setString(4, entity);
      s.setInt(5, limit);
      s.setLong(6, skip);
      s.setFetchSize(Math.min(limit, 10_000));
      List<JdbcDeltaFeed.Row> rows = new ArrayList<>(Math.min(limit, 10_001));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new JdbcDeltaFeed.Row(
                  rs.getString(1), "DELETE".equals(rs.getString(2)), rs.getLong(3)));
        }
      }
      return rows;
    }
  }

  /**
   * The latest sequence of each repeated key of window {@code id} (key JSON to sequence), or null
   * when there are more than {@link #cachedKeysLimit} of them.
   */
  private Map<String, Long> latest(Connection c, long id) throws SQLException {
    synchronized (latestByWindow) {
      if (latestByWindow.containsKey(id)) return latestByWindow.get(id);
    }
    Map<String, Long> latest = readKeys(c, id);
    if (latest == null) {
      latest = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement(LATEST)) {
        s.setLong(1, id);
        s.setInt(2, (int) Math.min(Integer.MAX_VALUE, cachedKeysLimit + 1L));
        s.setFetchSize(10_000);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) latest.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    Map<String, Long> cached = latest.size() > cachedKeysLimit ? null : latest;
    cache(id, cached);
    return cached;
  }

  private void hold(long id, Items items) {
    synchronized (itemsByWindow) {
      Items old = itemsByWindow.put(id, items);
      if (old != null) heldItems -= old.size();
      heldItems += items.size();
      var eldest = itemsByWindow.entrySet().iterator();
      while (heldItems > itemsLimit() && itemsByWindow.size() > 1) {
        Items evicted = eldest.next().getValue();
        eldest.remove();
        heldItems -= evicted.size();
      }
    }
  }

  /** Frees the memory of window {@code id}'s items (its pages then read the change log). */
  void release(long id) {
    synchronized (itemsByWindow) {
      Items old = itemsByWindow.remove(id);
      if (old != null) heldItems -= old.size();
    }
  }

  private void cache(long id, Map<String, Long> latest) {
    synchronized (latestByWindow) {
      Map<String, Long> old = latestByWindow.put(id, latest);
      if (old != null) cachedKeys -= old.size();
      if (latest != null) cachedKeys += latest.size();
      var eldest = latestByWindow.entrySet().iterator();
      while (cachedKeys > cachedKeysLimit && latestByWindow.size() > 1) {
        Map<String, Long> evicted = eldest.next().getValue();
        eldest.remove();
        if (evicted != null) cachedKeys -= evicted.size();
      }
    }
  }

  /**
   * Keeps the window alive and remembers where its last page ended; {@code itemCount} once the last
   * page was served, else -1.
   */
  void served(
      Connection c, long window, long position, long sequence, long itemCount, Instant expires)
      throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE junction_sync_window SET expires_at = ?, page_position = ?, page_sequence = ?,"
                + " item_count = CASE WHEN ? < 0 THEN item_count ELSE ? END WHERE id = ?")) {
      u.setObject(1, expires.atOffset(ZoneOffset.UTC));
      u.setLong(2, position);
      u.setLong(3, sequence);
      u.setLong(4, itemCount);
      u.setLong(5, itemCount);
      u.setLong(6, window);
      u.executeUpdate();
    }
  }

  /** Removes the consumer's windows of {@code integration} other than {@code keep}. */
  int removeOthers(Connection c, String consumer, String integration, long keep)
      throws SQLException {
    return remove(
        c,
        " FROM junction_sync_window WHERE consumer = ? AND integration = ? AND id <> ?",
        p -> {
          p.setString(1, consumer);
          p.setString(2, integration);
          p.setLong(3, keep);
        });
  }

  int removeExpired(Connection c, Instant now) throws SQLException {
    return remove(
        c,
        " FROM junction_sync_window WHERE expires_at <= ?",
        p -> p.setObject(1, now.atOffset(ZoneOffset.UTC)));
  }

  private interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  /**
   * Removes the windows {@code which} selects (a {@code FROM … WHERE} clause) with their keys, and
   * forgets what this server holds of them (if the transaction then rolls back, their pages only
   * read the database again).
   */
  private int remove(Connection c, String which, Binder bind) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement("SELECT id" + which)) {
      bind.bind(select);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) ids.add(rs.getLong(1));
      }
    }
    if (ids.isEmpty()) return 0;
    try (PreparedStatement items =
            c.prepareStatement(
                "DELETE FROM junction_sync_window_latest WHERE window_id IN (SELECT id"
                    + which
                    + ")");
        PreparedStatement keys =
            c.prepareStatement(
                "DELETE FROM junction_sync_window_keys WHERE window_id IN (SELECT id"
                    + which
                    + ")");
        PreparedStatement windows = c.prepareStatement("DELETE" + which)) {
      for (PreparedStatement p : List.of(items, keys, windows)) bind.bind(p);
      items.executeUpdate();
      keys.executeUpdate();
      int removed = windows.executeUpdate();
      for (long id : ids) {
        release(id);
        forget(id);
      }
      return removed;
    }
  }

  private void forget(long id) {
    synchronized (latestByWindow) {
      Map<String, Long> old = latestByWindow.remove(id);
      if (old != null) cachedKeys -= old.size();
    }
  }
}
