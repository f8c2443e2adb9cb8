package dev.junction.pipeline;

import dev.junction.config.AggregationSource;
import dev.junction.config.IntegrationConfig;
import dev.junction.connect.Connector;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Data aggregation: each source is fetched whole and indexed by its Foreign Key JSON Path (a hash
 * join, memory proportional to the secondary data); primary records then stream through {@link
 * #apply}, merging sources in fetch order.
 *
 * <p>Keys match by value: strings as they are, numbers by numeric value in plain form ({@code 42}
 * and {@code 42.0} match each other and the string {@code "42"}, but not {@code "042"}), booleans
 * as {@code true}/{@code false}. A record whose key is absent or null matches nothing.
 *
 * <p>Several secondary records for one key: the first in the source's fetch order is merged, the
 * others are ignored, and the run gets one warning per source with the number of such keys.
 *
 * <p>A secondary field whose name already exists on the primary record is added as {@code
 * _merged_<name>} (and {@code _merged__merged_<name>} if that exists too — nothing is overwritten).
 */
final class Aggregation {
  /**
   * One source's records by key, in a {@link RecordIndex}: each record kept as its JSON bytes, not
   * as a tree, packed with its key into large arrays — a handful of objects for the whole source
   * instead of a dozen per record (the tree's map, entries, nodes; a map entry, a key string),
   * which the garbage collector would otherwise copy again and again while the index lives. Each
   * match is parsed anew, so every merged row gets its own nodes.
   */
  private record Index(AggregationSource source, JsonPath primaryKey, RecordIndex byKey) {}

  private final List<Index> indexes;
  private final ObjectMapper json;

  private Aggregation(List<Index> indexes, ObjectMapper json) {
    this.indexes = indexes;
    this.json = json;
  }

  /** Checks the sources of {@code primary}; throws {@link PipelineException} naming the problem. */
  static void validate(IntegrationConfig primary, Map<Integer, IntegrationConfig> bySortingOrder) {
    for (AggregationSource s : primary.aggregation()) {
      if (s.sourceEndpointSortingOrder() == primary.sortingOrder()) {
        throw new PipelineException(
            "Cannot reference the same integration as the primary endpoint: integration '"
                + primary.name()
                + "' (sorting order "
                + primary.sortingOrder()
                + ") lists itself as an aggregation source");
      }
      IntegrationConfig source = bySortingOrder.get(s.sourceEndpointSortingOrder());
      if (source == null) {
        throw new PipelineException(
            "Integration '"
                + primary.name()
                + "': aggregation source sorting order "
                + s.sourceEndpointSortingOrder()
                + " does not exist; a source must be a REST integration with its own endpoint");
      }
      if (source.isChild()) {
        throw new PipelineException(
            "Integration '"
                + primary.name()
                + "': aggregation source '"
                + source.name()
                + "' is a child endpoint; a source must be a REST integration with its own endpoint");
      }
    }
  }

  /** Fetches and indexes every source, in fetch order. */
  static Aggregation prepare(
      IntegrationConfig primary,
      Map<Integer, IntegrationConfig> bySortingOrder,
      Function<String, Connector> connectors,
      PageFetcher fetcher,
      RunState run,
      ExecutorService executor) {
    validate(primary, bySortingOrder);
    List<AggregationSource> ordered = new ArrayList<>(primary.aggregation());
    ordered.sort(Comparator.comparingInt(AggregationSource::fetchOrder));
    List<Index> indexes = new ArrayList<>();
    for (AggregationSource s : ordered) {
      IntegrationConfig source = bySortingOrder.get(s.sourceEndpointSortingOrder());
      Connector connector = connectors.apply(source.connection());
      JsonPath foreignKey = JsonPath.compile(s.foreignKeyJsonPath());
      RecordIndex byKey = new RecordIndex();
      long[] duplicates = {0};
      Consumer<RecordScanner.Slice> index =
          record -> {
            if (record.key() == null) return;
            if (!byKey.putIfAbsent(record.key(), record.page(), record.start(), record.length()))
              duplicates[0]++;
          };
      URI first = connector.resolve(source.endpoint().path());
      if (executor == null) {
        fetcher.fetchSlices(connector, source.name(), source.endpoint(), first, foreignKey, index);
      } else {
        // The next page is fetched and scanned while this one is indexed.
        fetcher.fetchSlicesAhead(
            executor,
            PageFetcher.AHEAD,
            connector,
            source.name(),
            source.endpoint(),
            first,
            foreignKey,
            index);
      }
      if (duplicates[0] > 0) {
        run.warn(
            "Aggregation source '"
                + source.name()
                + "' of '"
                + primary.name()
                + "' has "
                + duplicates[0]
                + " extra records for keys already seen at '"
                + s.foreignKeyJsonPath()
                + "'; the first record per key in fetch order was merged, the others ignored");
      }
      indexes.add(new Index(s, JsonPath.compile(s.primaryKeyJsonPath()), byKey));
    }
    return new Aggregation(List.copyOf(indexes), fetcher.json());
  }

  /** The merged row, or {@code null} when an inner join drops it. */
  Row apply(Row row) {
    ObjectNode data = row.data();
    for (Index index : indexes) {
      String key = key(index.primaryKey().read(data));
      JsonNode match = key == null ? null : index.byKey().get(key, json);
      if (match == null) {
        if (index.source().joinType() == AggregationSource.JoinType.INNER) return null;
        continue;
      }
      for (Map.Entry<String, JsonNode> field : match.properties()) {
        String name = field.getKey();
        while (data.has(name)) name = "_merged_" + name;
        data.set(name, field.getValue());
      }
    }
    return row;
  }

  static String key(JsonNode node) {
    if (node == null || node.isNull() || node.isContainer()) return null;
    if (node.isNumber()) {
      BigDecimal d = node.decimalValue();
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    return node.asString();
  }
}
