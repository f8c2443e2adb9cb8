package dev.junction.erp;

import dev.junction.erp.Row.Contract;
import dev.junction.erp.Row.Customer;
import dev.junction.erp.Row.InventoryItem;
import dev.junction.erp.Row.OrderLine;
import dev.junction.erp.Row.Product;
import dev.junction.erp.Row.SalesOrder;
import dev.junction.erp.Row.Tombstone;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code /api/**} resources: translates a request into a read or a write of the data. */
final class ApiRoutes {
  private final JsonMapper json;
  private final ErpData data;
  private final Writes writes;
  private final Pager pager;
  private final Map<Endpoint, Pagination> pagination;

  ApiRoutes(JsonMapper json, ErpData data, Writes writes, Map<Endpoint, Pagination> pagination) {
    this.json = json;
    this.data = data;
    this.writes = writes;
    this.pager = new Pager(json);
    this.pagination = pagination;
  }

  /** The endpoint a path belongs to, or {@code null} for admin, index and unknown paths. */
  static Endpoint endpointOf(String path) {
    if (path.equals("/oauth/token")) {
      return Endpoint.TOKEN;
    }
    if (!path.startsWith("/api/")) {
      return null;
    }
    String[] s = segments(path);
    if (s.length < 2) {
      return null;
    }
    return switch (s[1]) {
      case "customers" -> Endpoint.CUSTOMERS;
      case "balances" -> Endpoint.BALANCES;
      case "products" -> Endpoint.PRODUCTS;
      case "orders" ->
          s.length == 4 && s[3].equals("lines") ? Endpoint.ORDER_LINES : Endpoint.ORDERS;
      case "inventory" ->
          s.length < 3
              ? null
              : switch (s[2]) {
                case "a" -> Endpoint.INVENTORY_A;
                case "b" -> Endpoint.INVENTORY_B;
                case "c" -> Endpoint.INVENTORY_C;
                default -> null;
              };
      case "contracts" -> Endpoint.CONTRACTS;
      case "boms" -> Endpoint.BOMS;
      case "deletions" -> Endpoint.DELETIONS;
      default -> null;
    };
  }

  private static String[] segments(String path) {
    return path.substring(1).split("/");
  }

  Reply handle(Endpoint endpoint, String method, String path, String body, Request request) {
    String[] s = segments(path);
    Query q = new Query(request, path);
    String ifMatch = request.getHeaders().get(HttpHeader.IF_MATCH);
    return switch (endpoint) {
      case CUSTOMERS -> {
        if (s.length == 2) {
          yield switch (method) {
            case "GET" -> list(endpoint, data.customers, q, Pager.ALL);
            case "POST" -> created(writes.createCustomer(body(body)), path);
            default -> notAllowed(method, path, "GET, POST");
          };
        }
        String id = exactlyOneId(s, path);
        yield switch (method) {
          case "GET" -> tagged(found(data.customers.get(id), "Customer", id));
          case "PUT" -> tagged(writes.updateCustomer(id, body(body), ifMatch));
          case "DELETE" -> {
            writes.deleteCustomer(id, ifMatch);
            yield Reply.empty(204);
          }
          default -> notAllowed(method, path, "GET, PUT, DELETE");
        };
      }
      case BALANCES -> {
        requireGet(method, path);
        if (s.length == 2) {
          yield list(endpoint, data.balances(), q, Pager.ALL);
        }
        String id = exactlyOneId(s, path);
        Customer c = found(data.customers.get(id), "Customer", id);
        yield Reply.json(json, 200, data.balance(c));
      }
      case PRODUCTS -> {
        requireGet(method, path);
        yield s.length == 2
            ? list(endpoint, data.products, q, Pager.ALL)
            : Reply.json(
                json, 200, found(data.products.get(exactlyOneId(s, path)), "Product", s[2]));
      }
      case ORDERS -> {
        if (s.length == 2) {
          yield switch (method) {
            case "GET" -> list(endpoint, data.orders, q, orderFilter(q));
            case "POST" -> created(writes.createOrder(body(body)), path);
            default -> notAllowed(method, path, "GET, POST");
          };
        }
        String id = exactlyOneId(s, path);
        yield switch (method) {
          case "GET" -> tagged(found(data.orders.get(id), "Order", id));
          case "PUT" -> tagged(writes.updateOrder(id, body(body), ifMatch));
          case "DELETE" -> {
            writes.deleteOrder(id, ifMatch);
            yield Reply.empty(204);
          }
          default -> notAllowed(method, path, "GET, PUT, DELETE");
        };
      }
      case ORDER_LINES -> {
        requireGet(method, path);
        SalesOrder order = found(data.orders.get(s[2]), "Order", s[2]);
        Predicate<OrderLine> all = r -> true;
        yield list(endpoint, ErpData.of(data.lines(order)), q, all);
      }
      case INVENTORY_A, INVENTORY_B, INVENTORY_C -> {
        requireGet(method, path);
        String warehouse = s[2];
        if (s.length == 3) {
          yield list(endpoint, data.inventory(warehouse), q, Pager.ALL);
        }
        if (s.length != 4) {
          throw ErpProblem.notFound("No resource at " + path);
        }
        Product p = found(data.products.get(s[3]), "Product", s[3]);
        InventoryItem item = data.inventory(p, warehouse);
        yield Reply.json(
            json, 200, found(item, "Inventory of warehouse " + warehouse + " for product", s[3]));
      }
      case CONTRACTS -> {
        requireGet(method, path);
        if (s.length == 2) {
          String customerId = q.get("customerId");
          Predicate<Contract> filter =
              customerId == null ? r -> true : r -> customerId.equals(r.customerId());
          yield list(endpoint, data.contracts, q, filter);
        }
        yield Reply.json(
            json, 200, found(data.contracts.get(exactlyOneId(s, path)), "Contract", s[2]));
      }
      case BOMS -> {
        if (s.length == 4 && s[3].equals("approve")) {
          if (!method.equals("POST")) {
            yield notAllowed(method, path, "POST");
          }
          JsonNode b = body == null || body.isBlank() ? null : json.readTree(body);
          JsonNode by = b == null ? null : b.get("approvedBy");
          yield Reply.json(
              json,
              200,
              writes.approveBom(s[2], by != null && by.isString() ? by.stringValue() : null));
        }
        requireGet(method, path);
        yield s.length == 2
            ? list(endpoint, data.boms, q, Pager.ALL)
            : Reply.json(
                json, 200, found(data.boms.get(exactlyOneId(s, path)), "Bill of materials", s[2]));
      }
      case DELETIONS -> {
        requireGet(method, path);
        if (s.length != 2) {
          throw ErpProblem.notFound("No resource at " + path);
        }
        String entity = q.get("entity");
        Predicate<Tombstone> filter = entity == null ? r -> true : r -> entity.equals(r.entity());
        yield list(endpoint, data.tombstones, q, filter);
      }
      case TOKEN -> throw new IllegalStateException("token is answered by the Authenticator");
    };
  }

  private <T extends Row> Reply list(
      Endpoint endpoint, RowSource<T> source, Query q, Predicate<? super T> filter) {
    Instant since = q.instantParam("updatedSince");
    Predicate<? super T> effective =
        since == null ? filter : r -> !r.lastModified().isBefore(since) && filter.test(r);
    String paging = q.get("paging");
    Pagination style;
    try {
      style = paging != null ? Pagination.byId(paging) : pagination.get(endpoint);
    } catch (IllegalArgumentException e) {
      throw ErpProblem.badRequest("Query parameter 'paging': " + e.getMessage());
    }
    return pager.page(endpoint, style, source, effective, q);
  }

  private static Predicate<SalesOrder> orderFilter(Query q) {
    String status = q.get("status");
    if (status != null && !status.equals("open") && !status.equals("closed")) {
      throw ErpProblem.badRequest(
          "Query parameter 'status' must be 'open' or 'closed', was '" + status + "'");
    }
    String customerId = q.get("customerId");
    return r ->
        (status == null || status.equals(r.status()))
            && (customerId == null || customerId.equals(r.customerId()));
  }

  private JsonNode body(String body) {
    if (body == null || body.isBlank()) {
      throw ErpProblem.badRequest("Request body is empty; a JSON object is required");
    }
    return json.readTree(body);
  }

  private Reply tagged(Customer c) {
    return Reply.json(json, 200, c).header("ETag", Writes.etag(c.version()));
  }

  private Reply tagged(SalesOrder o) {
    return Reply.json(json, 200, o).header("ETag", Writes.etag(o.version()));
  }

  private Reply created(Customer c, String path) {
    return Reply.json(json, 201, c)
        .header("ETag", Writes.etag(c.version()))
        .header("Location", path + "/" + c.id());
  }

  private Reply created(SalesOrder o, String path) {
    return Reply.json(json, 201, o)
        .header("ETag", Writes.etag(o.version()))
        .header("Location", path + "/" + o.id());
  }

  private static <T> T found(T row, String what, String id) {
    if (row == null) {
      throw ErpProblem.notFound(what + " '" + id + "' does not exist");
    }
    return row;
  }

  private static String exactlyOneId(String[] s, String path) {
    if (s.length != 3 || s[2].isEmpty()) {
      throw ErpProblem.notFound("No resource at " + path);
    }
    return s[2];
  }

  private static void requireGet(String method, String path) {
    if (!method.equals("GET")) {
      throw new ErpProblem(
          405, "Method Not Allowed", method + " is not allowed on " + path + "; use GET");
    }
  }

  private static Reply notAllowed(String method, String path, String allowed) {
    throw new ErpProblem(
        405, "Method Not Allowed", method + " is not allowed on " + path + "; use " + allowed);
  }
}
