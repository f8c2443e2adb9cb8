package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.RecordStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.olingo.client.api.communication.request.retrieve.ODataEntitySetRequest;
import org.apache.olingo.client.api.communication.response.ODataRetrieveResponse;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Server-driven paging through 25,000 rows with Olingo's client following {@code @odata.nextLink}:
 * every row exactly once, also while another thread inserts rows before and after the cursor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ODataPagingIT extends ODataITBase {
  static final int ROWS = 25_000;
  @Autowired RecordStore store;

  @BeforeAll
  void seed() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 1; id <= ROWS; id++) {
      rows.add(Map.of("id", id * 10, "value", (int) (id % 97)));
      if (rows.size() == 5_000) {
        store.upsert("Reading", rows);
        rows.clear();
      }
    }
  }

  /** Follows nextLinks from {@code first}; returns how often each id was seen. */
  private Map<Long, Integer> pageThrough(String first, Integer maxPageSize, List<String> applied) {
    Map<Long, Integer> seen = new HashMap<>();
    URI next = URI.create(root() + first);
    while (next != null) {
      ODataEntitySetRequest<ClientEntitySet> request =
          client.getRetrieveRequestFactory().getEntitySetRequest(next);
      request.addCustomHeader("X-Api-Key", ODataTestConfig.KEY);
      if (maxPageSize != null) request.setPrefer("odata.maxpagesize=" + maxPageSize);
      ODataRetrieveResponse<ClientEntitySet> response = request.execute();
      var preference = response.getHeader("Preference-Applied");
      if (preference != null) applied.addAll(preference);
      ClientEntitySet page = response.getBody();
      for (ClientEntity e : page.getEntities()) {
        seen.merge(
            Long.valueOf(e.getProperty("id").getPrimitiveValue().toString()), 1, Integer::sum);
      }
      next = page.getNext();
    }
    return seen;
  }

  @Test
  void pagesThroughEveryRowExactlyOnceWithTheDefaultPage() {
    List<String> applied = new ArrayList<>();
    Map<Long, Integer> seen = pageThrough("/Reading", null, applied);
    assertThat(seen).hasSize(ROWS);
    assertThat(seen.values()).allMatch(n -> n == 1);
    assertThat(applied).isEmpty();
  }

  @Test
  void honoursMaxPageSizeAndNonUniqueSortKeys() {
    List<String> applied = new ArrayList<>();
    Map<Long, Integer> seen = pageThrough("/Reading?$orderby=value%20desc", 3_000, applied);
    assertThat(seen).hasSize(ROWS);
    assertThat(seen.values()).allMatch(n -> n == 1);
    assertThat(applied).contains("odata.maxpagesize=3000").hasSize((ROWS + 2_999) / 3_000);
  }

  @Test
  void topSpanningSeveralPagesStopsAtTop() {
    Map<Long, Integer> seen =
        pageThrough(
            "/Reading?$filter=value%20lt%2050&$top=2500&$orderby=id", 1_000, new ArrayList<>());
    assertThat(seen).hasSize(2_500);
  }

  @Test
  void concurrentInsertsNeitherRepeatNorSkipExistingRows() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger inserted = new AtomicInteger();
    java.util.Set<Long> insertedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  long n = 0;
                  while (!done.get()) {
                    n++;
                    // Before, between and after existing ids: ids here end in 1..9, never 0.
                    long id = (n * 7919L % (ROWS * 10L)) + 1 + (n % 9);
                    if (id % 10 == 0) id++;
                    store.upsert("Reading", List.of(Map.of("id", id, "value", (int) (n % 97))));
                    insertedIds.add(id);
                    inserted.incrementAndGet();
                  }
                });
    Map<Long, Integer> seen;
    try {
      seen = pageThrough("/Reading", 500, new ArrayList<>());
    } finally {
      done.set(true);
      writer.join();
      // the other tests count exactly the seeded rows, whatever order they run in
      for (long id : insertedIds) store.delete("Reading", Map.of("id", id));
    }
    assertThat(inserted.get()).as("rows inserted while paging").isGreaterThan(10);
    for (long id = 10; id <= ROWS * 10L; id += 10) {
      assertThat(seen.get(id)).as("row %d", id).isEqualTo(1);
    }
    assertThat(seen.values()).allMatch(n -> n == 1);
  }
}
