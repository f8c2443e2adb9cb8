package dev.junction.pipeline;

import dev.junction.config.EndpointConfig;
import dev.junction.config.PaginationConfig;
import dev.junction.connect.Call;
import dev.junction.connect.Connector;
import dev.junction.connect.ConnectorException;
import dev.junction.connect.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** Fetches every page of one endpoint and hands each record to a consumer, page by page. */
final class PageFetcher {
  private static final Pattern LINK_NEXT =
      Pattern.compile("<([^>]*)>\\s*;[^,]*?rel\\s*=\\s*\"?([^\",;]*)\"?", Pattern.CASE_INSENSITIVE);

  private final ObjectMapper json;
  private final RunState run;

  PageFetcher(ObjectMapper json, RunState run) {
    this.json = json;
    this.run = run;
  }

  /** The mapper that parses the pages. */
  ObjectMapper json() {
    return json;
  }

  /**
   * Records to fetch and parse ahead of their consumer (two pages of 1,000): enough that the next
   * page is on the wire, and the server serving it, while the consumer works on this one.
   */
  static final int AHEAD = 2048;

  /**
   * Records handed from the page producer of {@link #fetchAhead} to the consumer at once, at most
   * (a page handed over whole counts as its records).
   */
  private static final int CHUNK = 64;

  /** The end of the records in {@link #fetchAhead}'s queue: the fetch ended or failed. */
  private record End(RuntimeException failure) {}

  /**
   * As {@link #fetch}, but fetches the pages on a thread of {@code executor}, up to about {@code
   * ahead} records ahead of {@code records}: the next page is on the wire (and the server serving
   * it) while the caller works on this one. That thread only checks and counts a page's records
   * ({@link RecordScanner#count}) and hands the page over whole; the calling thread parses it, so
   * the next request does not wait for the trees. Pages the scanner does not handle, and pages of
   * cursor and next-link pagination (which need the page's root), are parsed on the fetching thread
   * and travel in chunks of records (a page's end always closes one). Records reach {@code records}
   * on the calling thread, in fetch order; a fetch failure is rethrown there after the records
   * before it.
   */
  void fetchAhead(
      ExecutorService executor,
      int ahead,
      Connector connector,
      String endpointName,
      EndpointConfig endpoint,
      URI first,
      Consumer<ObjectNode> records) {
    ahead(
        executor,
        ahead,
        (sink, pageDone) ->
            fetch(connector, endpointName, endpoint, first, deferred(endpoint), sink, pageDone),
        item -> {
          if (item instanceof Deferred page) page.records(json, records);
          else records.accept((ObjectNode) item);
        });
  }

  /**
   * As {@link #fetchAhead}, but hands over each record as its bytes and its key at {@code keyPath}
   * (as {@link Aggregation#key} gives it) instead of as a tree: the page is read with a streaming
   * parser when it can be ({@link RecordScanner}), else as a tree.
   */
  void fetchSlicesAhead(
      ExecutorService executor,
      int ahead,
      Connector connector,
      String endpointName,
      EndpointConfig endpoint,
      URI first,
      JsonPath keyPath,
      Consumer<RecordScanner.Slice> records) {
    ahead(
        executor,
        ahead,
        (sink, pageDone) ->
            fetch(
                connector,
                endpointName,
                endpoint,
                first,
                slices(endpoint, keyPath),
                sink,
                pageDone),
        records);
  }

  /** As {@link #fetchSlicesAhead}, on the calling thread. */
  void fetchSlices(
      Connector connector,
      String endpointName,
      EndpointConfig endpoint,
      URI first,
      JsonPath keyPath,
      Consumer<RecordScanner.Slice> records) {
    fetch(connector, endpointName, endpoint, first, slices(endpoint, keyPath), records, () -> {});
  }

  /** Runs {@code fetch} (given a record sink and a page-end hook) ahead of {@code records}. */
  private <T> void ahead(
      ExecutorService executor,
      int ahead,
      BiConsumer<Consumer<T>, Runnable> fetch,
      Consumer<T> records) {
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    // Records queued and not yet consumed, at most about `ahead` (a chunk of more takes them all).
    int limit = Math.max(CHUNK, ahead);
    Semaphore room = new Semaphore(limit);
    Future<?> producer =
        executor.submit(
            () -> {
              RuntimeException failure = null;
              List<List<T>> chunk = new ArrayList<>(1);
              chunk.add(new ArrayList<>(CHUNK));
              int[] size = {0};
              Runnable flush =
                  () -> {
                    if (chunk.getFirst().isEmpty()) return;
                    int permits = Math.min(size[0], limit);
                    acquire(room, permits);
                    put(queue, new Chunk<>(chunk.getFirst(), permits));
                    chunk.set(0, new ArrayList<>(CHUNK));
                    size[0] = 0;
                  };
              try {
                fetch.accept(
                    record -> {
                      chunk.getFirst().add(record);
                      size[0] += record instanceof Deferred d ? d.count() : 1;
                      if (size[0] >= CHUNK) flush.run();
                    },
                    flush);
              } catch (RuntimeException e) {
                failure = e;
              }
              if (failure == null) flush.run();
              put(queue, new End(failure));
              return null;
            });
    try {
      while (true) {
        Object next;
        try {
          next = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PipelineException("run interrupted", e);
        }
        if (next instanceof End end) {
          if (end.failure() != null) throw end.failure();
          return;
        }
        @SuppressWarnings("unchecked")
        Chunk<T> chunk = (Chunk<T>) next;
        room.release(chunk.permits());
        for (T record : chunk.records()) records.accept(record);
      }
    } finally {
      producer.cancel(true);
    }
  }

  /** Records handed over at once, and the permits of the producer's room they hold. */
  private record Chunk<T>(List<T> records, int permits) {}

  private static void acquire(Semaphore room, int permits) {
    try {
      room.acquire(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainEngine.StopRun("cancelled: the run stopped", e);
    }
  }

  private static void put(BlockingQueue<Object> queue, Object item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainEngine.StopRun("cancelled: the run stopped", e);
    }
  }

  /**
   * Fetches from {@code first} on, page after page, until the pagination style says stop or the
   * max-pages guard is reached.
   *
   * @throws ConnectorException when a call fails or a response is not JSON
   */
  void fetch(
      Connector connector,
      String endpointName,
      EndpointConfig endpoint,
      URI first,
      Consumer<ObjectNode> records) {
    fetch(connector, endpointName, endpoint, first, records, () -> {});
  }

  /** As above; {@code pageDone} runs after the records of each page were handed over. */
  void fetch(
      Connector connector,
      String endpointName,
      EndpointConfig endpoint,
      URI first,
      Consumer<ObjectNode> records,
      Runnable pageDone) {
    fetch(connector, endpointName, endpoint, first, trees(endpoint), records, pageDone);
  }

  /**
   * Reads one page: adds its records to {@code out} and returns its root when the pagination needs
   * it (cursor, next link), else may return null.
   */
  @FunctionalInterface
  private interface PageReader<T> {
    Read read(byte[] body, List<T> out, Function<JacksonException, ConnectorException> invalid);
  }

  /** What reading a page gave: its root (may be null when the pagination does not need it). */
  private record Read(JsonNode root, int count) {}

  /**
   * A page whose records its consumer parses ({@link #fetchAhead}): the producer only checked and
   * counted them ({@link RecordScanner#count}), so it asks for the next page sooner. Parsing it
   * whole gives the records the tree reader gives.
   */
  private record Deferred(
      byte[] body,
      JsonPath dataPath,
      int count,
      Function<JacksonException, ConnectorException> invalid) {
    void records(ObjectMapper json, Consumer<ObjectNode> records) {
      JsonNode root;
      try {
        root = json.readTree(body);
      } catch (JacksonException e) {
        throw invalid.apply(e);
      }
      JsonNode data = dataPath.read(root);
      if (data != null && data.isArray()) {
        for (JsonNode item : data) records.accept(asRecord(item));
      } else if (data != null && data.isObject()) {
        records.accept((ObjectNode) data);
      }
    }
  }

  private static boolean needsRoot(PaginationConfig pagination) {
    return pagination instanceof PaginationConfig.Cursor
        || pagination instanceof PaginationConfig.ODataNextLink;
  }

  /**
   * Pages for {@link #fetchAhead}: as {@link Deferred} when the pagination does not need the root
   * and {@link RecordScanner} handles the page, else read as trees here.
   */
  private PageReader<Object> deferred(EndpointConfig endpoint) {
    JsonPath dataPath = JsonPath.cached(endpoint.dataPath());
    PageReader<ObjectNode> trees = trees(endpoint);
    boolean needsRoot = needsRoot(endpoint.pagination());
    return (body, out, invalid) -> {
      if (!needsRoot) {
        try {
          int n = RecordScanner.count(json, body, dataPath);
          if (n > 0) out.add(new Deferred(body, dataPath, n, invalid));
          return new Read(null, n);
        } catch (RecordScanner.Unsupported e) {
          // read as trees below
        }
      }
      List<ObjectNode> records = new ArrayList<>();
      Read read = trees.read(body, records, invalid);
      out.addAll(records);
      return read;
    };
  }

  /** Pages read as trees: each record an object (a non-object item wrapped as {"value": item}). */
  private PageReader<ObjectNode> trees(EndpointConfig endpoint) {
    JsonPath dataPath = JsonPath.cached(endpoint.dataPath());
    return (body, out, invalid) -> {
      JsonNode root = json.readTree(body);
      JsonNode data = dataPath.read(root);
      if (data != null && data.isArray()) {
        for (JsonNode item : data) out.add(asRecord(item));
      } else if (data != null && data.isObject()) {
        out.add((ObjectNode) data);
      }
      return new Read(root, out.size());
    };
  }

  /**
   * Pages read as records' bytes and keys: by {@link RecordScanner} when the pagination does not
   * need the page's root and the page is plain, else from the tree (each record written back to
   * bytes), so both give the same records and keys.
   */
  private PageReader<RecordScanner.Slice> slices(EndpointConfig endpoint, JsonPath keyPath) {
    JsonPath dataPath = JsonPath.cached(endpoint.dataPath());
    PageReader<ObjectNode> trees = trees(endpoint);
    boolean needsRoot = needsRoot(endpoint.pagination());
    return (body, out, invalid) -> {
      if (!needsRoot) {
        try {
          RecordScanner.scan(json, body, dataPath, keyPath, out);
          return new Read(null, out.size());
        } catch (RecordScanner.Unsupported e) {
          out.clear();
        }
      }
      List<ObjectNode> records = new ArrayList<>();
      Read read = trees.read(body, records, invalid);
      for (ObjectNode record : records) {
        byte[] bytes = json.writeValueAsBytes(record);
        out.add(
            new RecordScanner.Slice(Aggregation.key(keyPath.read(record)), bytes, 0, bytes.length));
      }
      return read;
    };
  }

  /**
   * Fetches page after page, each read by {@code reader}, its records handed to {@code records}.
   */
  private <T> void fetch(
      Connector connector,
      String endpointName,
      EndpointConfig endpoint,
      URI first,
      PageReader<T> reader,
      Consumer<T> records,
      Runnable pageDone) {
    PaginationConfig pagination = endpoint.pagination();
    int maxPages =
        pagination.maxPages() <= 0 ? PaginationConfig.DEFAULT_MAX_PAGES : pagination.maxPages();
    URI next = first;
    long offset = 0;
    int pageNumber = 0;
    switch (pagination) {
      case PaginationConfig.Offset o -> {
        next = Uris.setParam(next, or(o.offsetParam(), "offset"), "0");
        next = Uris.setParam(next, or(o.limitParam(), "limit"), Integer.toString(o.pageSize()));
      }
      case PaginationConfig.Page p -> {
        pageNumber = p.firstPage();
        next = Uris.setParam(next, or(p.pageParam(), "page"), Integer.toString(pageNumber));
        if (p.sizeParam() != null)
          next = Uris.setParam(next, p.sizeParam(), Integer.toString(p.pageSize()));
      }
      case PaginationConfig.Cursor c -> {
        if (c.sizeParam() != null && c.pageSize() > 0)
          next = Uris.setParam(next, c.sizeParam(), Integer.toString(c.pageSize()));
      }
      default -> {}
    }
    String path = first.getRawPath();
    for (int page = 1; ; page++) {
      if (page > maxPages) {
        run.warn(
            "Endpoint '"
                + endpointName
                + "' "
                + path
                + ": stopped after "
                + maxPages
                + " pages (maxPages guard); later pages were not fetched");
        return;
      }
      String label = path + (pagination instanceof PaginationConfig.None ? "" : " page " + page);
      Response response;
      try {
        response = connector.send(Call.get(next).withLabel(label).withCorrelationId(run.id()));
        run.called(response.attempts(), false);
      } catch (ConnectorException e) {
        run.called(e.attempts(), true);
        throw e;
      }
      if (!response.successful() || response.body().length == 0) return; // ignored status
      List<T> pageRecords = new ArrayList<>();
      Function<JacksonException, ConnectorException> invalid =
          e -> notJson(connector, label, response, e);
      Read read;
      try {
        read = reader.read(response.body(), pageRecords, invalid);
      } catch (JacksonException e) {
        throw invalid.apply(e);
      }
      JsonNode root = read.root();
      for (T record : pageRecords) records.accept(record);
      int count = read.count();
      pageDone.run();
      if (count == 0) return;
      switch (pagination) {
        case PaginationConfig.None n -> {
          return;
        }
        case PaginationConfig.Offset o -> {
          if (o.stopOnShortPage() && count < o.pageSize()) return;
          offset += count;
          next = Uris.setParam(next, or(o.offsetParam(), "offset"), Long.toString(offset));
        }
        case PaginationConfig.Page p -> {
          if (p.stopOnShortPage() && count < p.pageSize()) return;
          pageNumber++;
          next = Uris.setParam(next, or(p.pageParam(), "page"), Integer.toString(pageNumber));
        }
        case PaginationConfig.Cursor c -> {
          JsonNode cursor = JsonPath.cached(c.nextCursorPath()).read(root);
          if (cursor == null || cursor.isNull() || cursor.asString().isEmpty()) return;
          next = Uris.setParam(next, or(c.cursorParam(), "cursor"), cursor.asString());
        }
        case PaginationConfig.ODataNextLink l -> {
          String linkPath = or(l.nextLinkPath(), "@odata.nextLink");
          JsonNode link = root.isObject() ? root.get(linkPath) : null;
          if (link == null) link = JsonPath.cached(linkPath).read(root);
          if (link == null || link.isNull() || link.asString().isEmpty()) return;
          next = next.resolve(link.asString());
        }
        case PaginationConfig.LinkHeader h -> {
          String link = nextLink(response.headerValues("Link"), or(h.rel(), "next"));
          if (link == null) return;
          next = next.resolve(link);
        }
      }
    }
  }

  private static ConnectorException notJson(
      Connector connector, String label, Response response, JacksonException e) {
    return new ConnectorException(
        "Connection '"
            + connector.name()
            + "' GET "
            + label
            + ": the response is not valid JSON ("
            + firstLine(e.getOriginalMessage())
            + " at line "
            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
            + ", column "
            + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr())
            + ")",
        connector.name(),
        response.status(),
        response.attempts(),
        false,
        e);
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static ObjectNode asRecord(JsonNode item) {
    if (item instanceof ObjectNode o) return o;
    ObjectNode wrapper = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    wrapper.set("value", item);
    return wrapper;
  }

  static String nextLink(List<String> headers, String wanted) {
    for (String header : headers) {
      Matcher m = LINK_NEXT.matcher(header);
      while (m.find()) {
        for (String rel : m.group(2).trim().split("\\s+")) {
          if (rel.equalsIgnoreCase(wanted)) return m.group(1).trim();
        }
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Query parameter edits on raw URIs. */
  static final class Uris {
    private Uris() {}

    static URI setParam(URI uri, String name, String value) {
      String encName = encode(name);
      String pair = encName + "=" + encode(value);
      String s = uri.toString();
      String fragment = "";
      int hash = s.indexOf('#');
      if (hash >= 0) {
        fragment = s.substring(hash);
        s = s.substring(0, hash);
      }
      int q = s.indexOf('?');
      if (q < 0) return URI.create(s + "?" + pair + fragment);
      String base = s.substring(0, q);
      String[] parts = s.substring(q + 1).split("&", -1);
      StringBuilder out = new StringBuilder();
      boolean replaced = false;
      for (String part : parts) {
        if (part.isEmpty()) continue;
        int eq = part.indexOf('=');
        String n = eq < 0 ? part : part.substring(0, eq);
        if (out.length() > 0) out.append('&');
        if (n.equals(encName)) {
          out.append(pair);
          replaced = true;
        } else {
          out.append(part);
        }
      }
      if (!replaced) out.append(out.length() > 0 ? "&" : "").append(pair);
      return URI.create(base + "?" + out + fragment);
    }

    static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }
}
