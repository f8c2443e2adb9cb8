package dev.junction.server.odata;

import dev.junction.config.EntityConfig;
import dev.junction.config.RelationConfig;
import dev.junction.store.Expr;
import dev.junction.store.Query;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;
import org.apache.olingo.server.api.uri.queryoption.ApplyOption;
import org.apache.olingo.server.api.uri.queryoption.CountOption;
import org.apache.olingo.server.api.uri.queryoption.ExpandItem;
import org.apache.olingo.server.api.uri.queryoption.ExpandOption;
import org.apache.olingo.server.api.uri.queryoption.FilterOption;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import org.apache.olingo.server.api.uri.queryoption.OrderByOption;
import org.apache.olingo.server.api.uri.queryoption.SearchOption;
import org.apache.olingo.server.api.uri.queryoption.SelectItem;
import org.apache.olingo.server.api.uri.queryoption.SelectOption;
import org.apache.olingo.server.api.uri.queryoption.SkipOption;
import org.apache.olingo.server.api.uri.queryoption.TopOption;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;

/**
 * The query options of one collection request (or one {@code $expand} item) translated for the
 * store: filter, total order, {@code $top}/{@code $skip}, {@code $count}, the selected fields and
 * the expanded relations. Everything a client can ask for is either planned here or refused.
 *
 * @param filter store filter, {@code null} for all
 * @param order requested sort keys (the store appends the key)
 * @param top {@code $top}, or {@code -1} when absent
 * @param skip {@code $skip}
 * @param count whether {@code $count=true}
 * @param select selected fields, {@code null} for all
 * @param expand expanded relations, in request order
 */
record QueryPlan(
    Expr filter,
    List<Query.Order> order,
    int top,
    long skip,
    boolean count,
    Set<String> select,
    List<Expansion> expand) {

  /** One expanded relation with its nested options. */
  record Expansion(RelationConfig relation, EntityConfig target, QueryPlan plan) {}

  /** The options as Olingo parsed them, for the main resource or one expand item. */
  record Options(
      FilterOption filter,
      OrderByOption orderBy,
      TopOption top,
      SkipOption skip,
      CountOption count,
      SelectOption select,
      ExpandOption expand,
      SearchOption search,
      ApplyOption apply) {

    static Options of(ExpandItem item) {
      return new Options(
          item.getFilterOption(),
          item.getOrderByOption(),
          item.getTopOption(),
          item.getSkipOption(),
          item.getCountOption(),
          item.getSelectOption(),
          item.getExpandOption(),
          item.getSearchOption(),
          item.getApplyOption());
    }

    static Options of(org.apache.olingo.server.api.uri.UriInfoResource info) {
      return new Options(
          info.getFilterOption(),
          info.getOrderByOption(),
          info.getTopOption(),
          info.getSkipOption(),
          info.getCountOption(),
          info.getSelectOption(),
          info.getExpandOption(),
          info.getSearchOption(),
          info.getApplyOption());
    }
  }

  /**
   * Plans {@code options} over {@code entity}.
   *
   * @param depth 0 for the addressed collection, 1 inside an {@code $expand}
   * @throws ODataApplicationException 400 for a bad or over-limit option, 501 for an unsupported
   *     one
   */
  static QueryPlan of(
      Options options,
      EntityConfig entity,
      Map<String, EntityConfig> entities,
      ODataLimits limits,
      int depth)
      throws ODataApplicationException {
    if (options.search() != null) {
      throw FilterTranslator.unsupported("$search is not supported by this service.");
    }
    if (options.apply() != null) {
      throw FilterTranslator.unsupported("$apply is not supported by this service.");
    }
    Expr filter =
        options.filter() == null
            ? null
            : FilterTranslator.translate(
                options.filter().getExpression(), entity, limits.maxFilterNodes());
    List<Query.Order> order = new ArrayList<>();
    if (options.orderBy() != null) {
      for (OrderByItem item : options.orderBy().getOrders()) {
        String field = propertyOf(item.getExpression(), entity, "$orderby");
        if (order.stream().anyMatch(o -> o.field().equals(field))) {
          throw FilterTranslator.badRequest("$orderby names '" + field + "' twice.");
        }
        order.add(new Query.Order(field, item.isDescending()));
      }
    }
    int top = -1;
    if (options.top() != null) {
      top = options.top().getValue();
      if (top < 0) throw FilterTranslator.badRequest("$top must not be negative, was " + top);
      if (top > limits.maxPageSize()) {
        throw FilterTranslator.badRequest(
            "$top="
                + top
                + " exceeds the limit of "
                + limits.maxPageSize()
                + " rows per request; page with $skiptoken (follow @odata.nextLink) instead.");
      }
    }
    long skip = 0;
    if (options.skip() != null) {
      skip = options.skip().getValue();
      if (skip < 0) throw FilterTranslator.badRequest("$skip must not be negative, was " + skip);
    }
    boolean count = options.count() != null && options.count().getValue();
    Set<String> select = select(options.select(), entity);
    List<Expansion> expand = new ArrayList<>();
    if (options.expand() != null) {
      if (depth >= 1) {
        throw FilterTranslator.badRequest(
            "$expand is supported one level deep; remove the nested $expand.");
      }
      for (ExpandItem item : options.expand().getExpandItems()) {
        if (item.getLevelsOption() != null) {
          throw FilterTranslator.unsupported("$levels is not supported in $expand.");
        }
        if (item.isRef() || item.hasCountPath()) {
          throw FilterTranslator.unsupported("$expand with /$ref or /$count is not supported.");
        }
        List<RelationConfig> relations = new ArrayList<>();
        if (item.isStar()) {
          relations.addAll(entity.relations());
        } else {
          List<UriResource> parts = item.getResourcePath().getUriResourceParts();
          if (parts.size() != 1 || !(parts.get(0) instanceof UriResourceNavigation nav)) {
            throw FilterTranslator.badRequest("$expand supports navigation properties only.");
          }
          String name = nav.getProperty().getName();
          relations.add(
              entity.relations().stream()
                  .filter(r -> r.name().equals(name))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          FilterTranslator.badRequest(
                              "Unknown navigation property '" + name + "' of " + entity.name())));
        }
        for (RelationConfig relation : relations) {
          EntityConfig target = entities.get(relation.entity());
          expand.add(
              new Expansion(
                  relation, target, of(Options.of(item), target, entities, limits, depth + 1)));
        }
      }
    }
    return new QueryPlan(filter, order, top, skip, count, select, expand);
  }

  private static Set<String> select(SelectOption option, EntityConfig entity)
      throws ODataApplicationException {
    if (option == null) return null;
    Set<String> fields = new LinkedHashSet<>();
    for (SelectItem item : option.getSelectItems()) {
      if (item.isStar()) return null;
      if (item.isAllOperationsInSchema()) continue;
      List<UriResource> parts = item.getResourcePath().getUriResourceParts();
      if (parts.size() != 1 || !(parts.get(0) instanceof UriResourcePrimitiveProperty p)) {
        throw FilterTranslator.badRequest("$select supports properties of " + entity.name() + ".");
      }
      fields.add(p.getProperty().getName());
    }
    return fields;
  }

  private static String propertyOf(
      org.apache.olingo.server.api.uri.queryoption.expression.Expression expression,
      EntityConfig entity,
      String option)
      throws ODataApplicationException {
    if (expression instanceof Member member) {
      List<UriResource> parts = member.getResourcePath().getUriResourceParts();
      if (parts.size() == 1 && parts.get(0) instanceof UriResourcePrimitiveProperty p) {
        String name = p.getProperty().getName();
        if (entity.field(name).isPresent()) return name;
      }
    }
    throw FilterTranslator.unsupported(
        option + " supports properties of " + entity.name() + " only, not expressions.");
  }

  /** The store query of this plan (without paging continuation). */
  Query query(String entity, Expr extraFilter) {
    Expr combined =
        extraFilter == null
            ? filter
            : filter == null ? extraFilter : new Expr.And(List.of(extraFilter, filter));
    return new Query(entity, combined, order, 0, skip, null);
  }
}
