package dev.junction.erp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages a {@link RowSource} in one of the {@link Pagination} styles. Rows are walked in slot order;
 * cursors, skip tokens and {@code after} encode the next slot, so paging stays consistent while
 * rows change (an updated row keeps its slot; a created row is appended).
 */
final class Pager {
  /** The filter that accepts every row; paging with it skips and counts without building rows. */
  static final Predicate<Object> ALL = r -> true;

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final String CURSOR_PREFIX = "c1:";

  private final JsonMapper json;

  Pager(JsonMapper json) {
    this.json = json;
  }

  <T extends Row> Reply page(
      Endpoint endpoint,
      Pagination style,
      RowSource<T> source,
      Predicate<? super T> filter,
      Query query) {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (style) {
      case OFFSET -> {
        int offset = query.intParam("offset", 0, 0, Integer.MAX_VALUE);
        int limit = query.intParam("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Window<T> w = window(source, filter, skip(source, filter, offset), limit);
        body.put("data", w.items);
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("total", count(source, filter));
        return Reply.json(json, 200, body);
      }
      case PAGE -> {
        int page = query.intParam("page", 1, 1, Integer.MAX_VALUE);
        int size = query.intParam("pageSize", DEFAULT_LIMIT, 1, MAX_LIMIT);
        long offset = (long) (page - 1) * size;
        Window<T> w =
            offset > Integer.MAX_VALUE
                ? new Window<>(List.of(), -1)
                : window(source, filter, skip(source, filter, (int) offset), size);
        int total = count(source, filter);
        body.put(endpoint.collection(), w.items);
        body.put("page", page);
        body.put("pageSize", size);
        body.put("totalPages", (total + size - 1) / size);
        body.put("totalCount", total);
        return Reply.json(json, 200, body);
      }
      case ODATA -> {
        int top = query.intParam("$top", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int from = query.intParam("$skiptoken", 0, 0, Integer.MAX_VALUE);
        Window<T> w = window(source, filter, from, top);
        body.put("@odata.context", "$metadata#" + endpoint.collection());
        body.put("value", w.items);
        if (w.next >= 0) {
          body.put(
              "@odata.nextLink", query.urlWith(Map.of("$skiptoken", Integer.toString(w.next))));
        }
        return Reply.json(json, 200, body);
      }
      case CURSOR -> {
        int limit = query.intParam("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Window<T> w = window(source, filter, decode("cursor", query.get("cursor")), limit);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", w.items);
        result.put("nextCursor", w.next >= 0 ? encode(w.next) : null);
        body.put("result", result);
        return Reply.json(json, 200, body);
      }
      case LINK_HEADER -> {
        int limit = query.intParam("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Window<T> w = window(source, filter, decode("after", query.get("after")), limit);
        Reply reply = Reply.json(json, 200, w.items);
        if (w.next >= 0) {
          reply.header(
              "Link", "<" + query.urlWith(Map.of("after", encode(w.next))) + ">; rel=\"next\"");
        }
        return reply;
      }
    }
    throw new IllegalStateException("Unhandled pagination " + style);
  }

  private record Window<T>(List<T> items, int next) {}

  /** Up to {@code limit} matching rows from {@code from}; {@code next} is -1 on the last page. */
  private static <T extends Row> Window<T> window(
      RowSource<T> source, Predicate<? super T> filter, int from, int limit) {
    List<T> items = new ArrayList<>(Math.min(limit, 64));
    int slots = source.slots();
    int slot = Math.max(from, 0);
    for (; slot < slots && items.size() < limit; slot++) {
      T row = source.at(slot);
      if (row != null && filter.test(row)) {
        items.add(row);
      }
    }
    for (; slot < slots; slot++) {
      T row = source.at(slot);
      if (row != null && filter.test(row)) {
        return new Window<>(items, slot);
      }
    }
    return new Window<>(items, -1);
  }

  /** The slot of the {@code offset}-th matching row (or the end). */
  private static <T extends Row> int skip(
      RowSource<T> source, Predicate<? super T> filter, int offset) {
    int slots = source.slots();
    if (filter == ALL && source.live() == slots) {
      return Math.min(offset, slots); // no empty slots: the offset-th row is in slot offset
    }
    int seen = 0;
    for (int slot = 0; slot < slots; slot++) {
      if (filter == ALL ? source.present(slot) : matches(source, filter, slot)) {
        if (seen == offset) {
          return slot;
        }
        seen++;
      }
    }
    return slots;
  }

  private static <T extends Row> int count(RowSource<T> source, Predicate<? super T> filter) {
    if (filter == ALL && source.live() >= 0) {
      return source.live();
    }
    int slots = source.slots();
    int n = 0;
    for (int slot = 0; slot < slots; slot++) {
      if (filter == ALL ? source.present(slot) : matches(source, filter, slot)) {
        n++;
      }
    }
    return n;
  }

  private static <T extends Row> boolean matches(
      RowSource<T> source, Predicate<? super T> filter, int slot) {
    T row = source.at(slot);
    return row != null && filter.test(row);
  }

  static String encode(int slot) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((CURSOR_PREFIX + slot).getBytes(StandardCharsets.UTF_8));
  }

  static int decode(String param, String token) {
    if (token == null) {
      return 0;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (s.startsWith(CURSOR_PREFIX)) {
        int slot = Integer.parseInt(s.substring(CURSOR_PREFIX.length()));
        if (slot >= 0) {
          return slot;
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ErpProblem.badRequest(
        "Query parameter '" + param + "' is not a cursor this server issued: '" + token + "'");
  }
}
