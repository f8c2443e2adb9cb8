package dev.junction.erp;

import dev.junction.erp.Row.BillOfMaterials;
import dev.junction.erp.Row.Customer;
import dev.junction.erp.Row.OrderLine;
import dev.junction.erp.Row.Product;
import dev.junction.erp.Row.SalesOrder;
import dev.junction.erp.Row.Tombstone;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Creates, updates and deletes customers and orders, approves BOMs, with the errors a real ERP
 * gives: 422 with field errors, 409 on duplicates, 412 on a stale {@code If-Match}. Writes are
 * serialized on this object, and each publishes its change before the next write starts, so
 * callback sequence numbers follow commit order.
 */
final class Writes {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private final ErpData data;
  private final CallbackDispatcher callbacks;
  private final InstantSource clock;
  private long nextCustomer;
  private long nextOrder;

  Writes(ErpData data, CallbackDispatcher callbacks, InstantSource clock) {
    this.data = data;
    this.callbacks = callbacks;
    this.clock = clock;
    this.nextCustomer = data.customers.slots() + 1L;
    this.nextOrder = data.orders.slots() + 1L;
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  synchronized Customer createCustomer(JsonNode body) {
    CustomerInput in = customerInput(body, null);
    String id = in.id;
    if (id == null) {
      do {
        id = ErpData.customerId(nextCustomer++);
      } while (data.customers.get(id) != null);
    } else if (data.customers.get(id) != null) {
      throw ErpProblem.conflict("Customer '" + id + "' already exists");
    }
    requireFreeEmail(in.email, id);
    Customer c = in.toCustomer(id, 1, clock.instant());
    data.customers.insert(c);
    data.emailOwners.put(c.email(), c.id());
    callbacks.publish("customers", id, ChangeNotification.UPSERT, 1, c.lastModified());
    return c;
  }

  synchronized Customer updateCustomer(String id, JsonNode body, String ifMatch) {
    Customer current = data.customers.get(id);
    if (current == null) {
      throw ErpProblem.notFound("Customer '" + id + "' does not exist");
    }
    checkIfMatch("Customer", id, current.version(), ifMatch);
    CustomerInput in = customerInput(body, id);
    requireFreeEmail(in.email, id);
    Customer next = in.toCustomer(id, current.version() + 1, clock.instant());
    data.customers.update(id, c -> next);
    data.emailOwners.remove(current.email());
    data.emailOwners.put(next.email(), id);
    callbacks.publish(
        "customers", id, ChangeNotification.UPSERT, next.version(), next.lastModified());
    return next;
  }

  synchronized void deleteCustomer(String id, String ifMatch) {
    Customer current = data.customers.get(id);
    if (current == null) {
      throw ErpProblem.notFound("Customer '" + id + "' does not exist");
    }
    checkIfMatch("Customer", id, current.version(), ifMatch);
    data.customers.remove(id);
    data.emailOwners.remove(current.email());
    tombstone("customers", id, current.version());
  }

  synchronized SalesOrder createOrder(JsonNode body) {
    OrderInput in = orderInput(body, null, null);
    String id = in.id;
    if (id == null) {
      do {
        id = ErpData.orderId(nextOrder++);
      } while (data.orders.get(id) != null);
    } else if (data.orders.get(id) != null) {
      throw ErpProblem.conflict("Order '" + id + "' already exists");
    }
    Instant now = clock.instant();
    SalesOrder order =
        new SalesOrder(
            id, in.customerId, in.status, in.orderDate, in.total(0), in.currency, 1, now);
    data.writtenLines.put(id, in.lines(id, now));
    data.orders.insert(order);
    callbacks.publish("orders", id, ChangeNotification.UPSERT, 1, now);
    return order;
  }

  synchronized SalesOrder updateOrder(String id, JsonNode body, String ifMatch) {
    SalesOrder current = data.orders.get(id);
    if (current == null) {
      throw ErpProblem.notFound("Order '" + id + "' does not exist");
    }
    checkIfMatch("Order", id, current.version(), ifMatch);
    OrderInput in = orderInput(body, id, current);
    Instant now = clock.instant();
    SalesOrder next =
        new SalesOrder(
            id,
            in.customerId,
            in.status,
            in.orderDate,
            in.total(current.total()),
            in.currency,
            current.version() + 1,
            now);
    if (in.lines != null) {
      data.writtenLines.put(id, in.lines(id, now));
    }
    data.orders.update(id, o -> next);
    callbacks.publish("orders", id, ChangeNotification.UPSERT, next.version(), now);
    return next;
  }

  synchronized void deleteOrder(String id, String ifMatch) {
    SalesOrder current = data.orders.get(id);
    if (current == null) {
      throw ErpProblem.notFound("Order '" + id + "' does not exist");
    }
    checkIfMatch("Order", id, current.version(), ifMatch);
    data.orders.remove(id);
    tombstone("orders", id, current.version());
  }

  synchronized BillOfMaterials approveBom(String id, String approvedBy) {
    BillOfMaterials bom = data.boms.get(id);
    if (bom == null) {
      throw ErpProblem.notFound("Bill of materials '" + id + "' does not exist");
    }
    if (!"draft".equals(bom.state())) {
      throw ErpProblem.conflict(
          "Bill of materials '" + id + "' is '" + bom.state() + "'; only a draft can be approved");
    }
    BillOfMaterials next =
        new BillOfMaterials(
            id,
            bom.productSku(),
            "approved",
            bom.components(),
            approvedBy == null ? "api" : approvedBy,
            clock.instant());
    data.boms.update(id, b -> next);
    callbacks.publish("boms", id, ChangeNotification.UPSERT, 2, next.lastModified());
    return next;
  }

  /** The mutator's change: a random live customer gets a new credit limit. */
  synchronized void touchCustomer(SplittableRandom r) {
    int slots = data.customers.slots();
    for (int attempt = 0; attempt < 8 && slots > 0; attempt++) {
      Customer c = data.customers.at(r.nextInt(slots));
      if (c != null) {
        Customer next =
            new Customer(
                c.id(),
                c.name(),
                c.email(),
                c.country(),
                c.city(),
                1000L * (1 + r.nextInt(500)),
                c.currency(),
                c.version() + 1,
                clock.instant());
        data.customers.update(c.id(), x -> next);
        callbacks.publish(
            "customers", c.id(), ChangeNotification.UPSERT, next.version(), next.lastModified());
        return;
      }
    }
  }

  /** The mutator's change: a random live order flips between open and closed. */
  synchronized void touchOrder(SplittableRandom r) {
    int slots = data.orders.slots();
    for (int attempt = 0; attempt < 8 && slots > 0; attempt++) {
      SalesOrder o = data.orders.at(r.nextInt(slots));
      if (o != null) {
        SalesOrder next =
            new SalesOrder(
                o.id(),
                o.customerId(),
                "open".equals(o.status()) ? "closed" : "open",
                o.orderDate(),
                o.total(),
                o.currency(),
                o.version() + 1,
                clock.instant());
        data.orders.update(o.id(), x -> next);
        callbacks.publish(
            "orders", o.id(), ChangeNotification.UPSERT, next.version(), next.lastModified());
        return;
      }
    }
  }

  private void tombstone(String entity, String id, long version) {
    Instant now = clock.instant();
    Tombstone t = new Tombstone(entity, id, now);
    data.tombstones.remove(t.key());
    data.tombstones.insert(t);
    callbacks.publish(entity, id, ChangeNotification.DELETE, version, now);
  }

  private void requireFreeEmail(String email, String id) {
    String owner = data.emailOwners.get(email);
    if (owner != null && !owner.equals(id)) {
      throw ErpProblem.conflict(
          "Email '" + email + "' already belongs to customer '" + owner + "'");
    }
  }

  private static void checkIfMatch(String what, String id, long version, String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return;
    }
    String current = etag(version);
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(current)) {
        return;
      }
    }
    throw new ErpProblem(
        412,
        "Precondition Failed",
        what + " '" + id + "' has ETag " + current + "; If-Match " + ifMatch + " is stale");
  }

  private record CustomerInput(
      String id,
      String name,
      String email,
      String country,
      String city,
      double creditLimit,
      String currency) {

    Customer toCustomer(String customerId, long version, Instant lastModified) {
      return new Customer(
          customerId, name, email, country, city, creditLimit, currency, version, lastModified);
    }
  }

  private CustomerInput customerInput(JsonNode body, String pathId) {
    JsonFields f = new JsonFields(body, "Customer");
    String id = f.optionalText("id", ID, "must be 1-32 letters, digits, '-' or '_'");
    if (pathId != null && id != null && !id.equals(pathId)) {
      f.error("id", "must match the id in the path ('" + pathId + "') or be left out");
    }
    String name = f.requiredText("name", 200);
    String email = f.requiredText("email", 254);
    if (email != null && !EMAIL.matcher(email).matches()) {
      f.error("email", "must be an email address, was '" + email + "'");
    }
    String country = f.requiredText("country", 2);
    if (country != null && !COUNTRY.matcher(country).matches()) {
      f.error("country", "must be an ISO 3166 alpha-2 code like 'NL', was '" + country + "'");
    }
    String city = f.optionalText("city", null, null);
    double creditLimit = f.optionalNumber("creditLimit", 0);
    String currency = f.optionalText("currency", CURRENCY, "must be an ISO 4217 code like 'EUR'");
    f.throwIfInvalid();
    return new CustomerInput(
        pathId != null ? pathId : id,
        name,
        email,
        country,
        city,
        creditLimit,
        currency == null ? "EUR" : currency);
  }

  private final class OrderInput {
    String id;
    String customerId;
    String status;
    LocalDate orderDate;
    String currency;
    Double total;
    List<OrderLine> lines;

    double total(double fallback) {
      if (lines != null) {
        double sum = 0;
        for (OrderLine l : lines) {
          sum += l.amount();
        }
        return ErpData.money(sum);
      }
      return total != null ? total : fallback;
    }

    List<OrderLine> lines(String orderId, Instant now) {
      if (lines == null) {
        return List.of();
      }
      List<OrderLine> result = new ArrayList<>(lines.size());
      for (OrderLine l : lines) {
        result.add(
            new OrderLine(
                orderId, l.lineNo(), l.sku(), l.quantity(), l.unitPrice(), l.amount(), now));
      }
      return List.copyOf(result);
    }
  }

  private OrderInput orderInput(JsonNode body, String pathId, SalesOrder current) {
    JsonFields f = new JsonFields(body, "Order");
    OrderInput in = new OrderInput();
    in.id = f.optionalText("id", ID, "must be 1-32 letters, digits, '-' or '_'");
    if (pathId != null && in.id != null && !in.id.equals(pathId)) {
      f.error("id", "must match the id in the path ('" + pathId + "') or be left out");
    }
    if (pathId != null) {
      in.id = pathId;
    }
    in.customerId = f.requiredText("customerId", 32);
    Customer customer = in.customerId == null ? null : data.customers.get(in.customerId);
    if (in.customerId != null && customer == null) {
      f.error("customerId", "refers to no customer: '" + in.customerId + "'");
    }
    String status = f.optionalText("status", null, null);
    if (status != null && !status.equals("open") && !status.equals("closed")) {
      f.error("status", "must be 'open' or 'closed', was '" + status + "'");
    }
    in.status = status != null ? status : current != null ? current.status() : "open";
    String date = f.optionalText("orderDate", null, null);
    in.orderDate =
        current != null
            ? current.orderDate()
            : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (date != null) {
      try {
        in.orderDate = LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        f.error("orderDate", "must be an ISO date like 2025-06-30, was '" + date + "'");
      }
    }
    String currency = f.optionalText("currency", CURRENCY, "must be an ISO 4217 code like 'EUR'");
    in.currency = currency != null ? currency : customer != null ? customer.currency() : "EUR";
    if (f.has("total")) {
      in.total = f.optionalNumber("total", 0);
    }
    JsonNode lines = body.get("lines");
    if (lines != null && !lines.isNull()) {
      if (!lines.isArray()) {
        f.error("lines", "must be an array of {sku, quantity, unitPrice?}");
      } else {
        in.lines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
          JsonNode line = lines.get(i);
          String at = "lines[" + i + "]";
          JsonNode skuNode = line.get("sku");
          Product product = null;
          if (skuNode == null || !skuNode.isString()) {
            f.error(at + ".sku", "is required");
          } else if ((product = data.products.get(skuNode.stringValue())) == null) {
            f.error(at + ".sku", "refers to no product: '" + skuNode.stringValue() + "'");
          }
          JsonNode q = line.get("quantity");
          if (q == null
              || !q.isIntegralNumber()
              || q.longValue() < 1
              || q.longValue() > 1_000_000) {
            f.error(at + ".quantity", "must be a whole number from 1 to 1000000");
          }
          JsonNode price = line.get("unitPrice");
          if (price != null && (!price.isNumber() || price.doubleValue() < 0)) {
            f.error(at + ".unitPrice", "must be a number >= 0");
          }
          if (product != null && q != null && q.isIntegralNumber() && q.longValue() >= 1) {
            double unit = price != null && price.isNumber() ? price.doubleValue() : product.price();
            int quantity = (int) q.longValue();
            in.lines.add(
                new OrderLine(
                    in.id,
                    i + 1,
                    product.sku(),
                    quantity,
                    unit,
                    ErpData.money(quantity * unit),
                    null));
          }
        }
      }
    }
    f.throwIfInvalid();
    return in;
  }
}
