package dev.junction.erp;

import dev.junction.erp.Row.Balance;
import dev.junction.erp.Row.BillOfMaterials;
import dev.junction.erp.Row.BomComponent;
import dev.junction.erp.Row.Contract;
import dev.junction.erp.Row.Customer;
import dev.junction.erp.Row.InventoryItem;
import dev.junction.erp.Row.OrderLine;
import dev.junction.erp.Row.Product;
import dev.junction.erp.Row.SalesOrder;
import dev.junction.erp.Row.Tombstone;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ERP's data, generated deterministically from a seed and sizes. Customers, products, orders,
 * contracts and BOMs are materialized (compact records); balances, inventory and the lines of
 * generated orders are derived on demand from the seed, so they cost no memory.
 */
final class ErpData {
  static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
  private static final LocalDate EPOCH_DATE = LocalDate.of(2025, 1, 1);
  private static final long YEAR_SECONDS = 365L * 24 * 3600;

  private static final String[] NAMES = {
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Hooli",
    "Vandelay",
    "Aperture",
    "Oscorp",
    "Gringotts",
    "Nakatomi",
    "Virtucon",
    "Duff",
    "Monarch",
    "Sirius",
    "Zorg",
    "Ollivander",
    "Dunder",
    "Prestige"
  };
  private static final String[] TRADES = {
    "Trading",
    "Industries",
    "Logistics",
    "Foods",
    "Systems",
    "Retail",
    "Holdings",
    "Partners",
    "Manufacturing",
    "Labs",
    "Engineering",
    "Supplies"
  };
  private static final String[] FORMS = {"GmbH", "Ltd", "BV", "SA", "Inc", "AB", "Oy", "SpA"};
  private static final String[] COUNTRIES = {"NL", "DE", "BE", "FR", "GB", "US", "SE", "PL"};
  private static final String[] CURRENCIES = {
    "EUR", "EUR", "EUR", "EUR", "GBP", "USD", "SEK", "PLN"
  };
  private static final String[][] CITIES = {
    {"Amsterdam", "Rotterdam", "Utrecht"},
    {"Berlin", "Hamburg", "Munich"},
    {"Brussels", "Antwerp", "Ghent"},
    {"Paris", "Lyon", "Lille"},
    {"London", "Leeds", "Bristol"},
    {"Chicago", "Austin", "Denver"},
    {"Stockholm", "Malmo", "Uppsala"},
    {"Warsaw", "Krakow", "Gdansk"}
  };
  private static final String[] ADJECTIVES = {
    "Steel", "Copper", "Plastic", "Oak", "Glass", "Rubber", "Carbon", "Titanium", "Cotton", "Paper"
  };
  private static final String[] NOUNS = {
    "Bolt", "Hinge", "Bracket", "Panel", "Cable", "Valve", "Gasket", "Spring", "Crate", "Sensor",
    "Pump", "Filter"
  };
  private static final String[] CATEGORIES = {
    "Hardware", "Electronics", "Office", "Packaging", "Raw material", "Spare parts"
  };
  private static final String[] UNITS = {"pcs", "kg", "m", "box"};
  static final List<String> WAREHOUSES = List.of("a", "b", "c");

  private static final long CUSTOMER = 1, PRODUCT = 2, ORDER = 3, LINES = 4, CONTRACT = 5;
  private static final long BOM = 6, BALANCE = 7, STOCK = 8;

  private final long seed;
  final Table<Customer> customers;
  final Table<Product> products;
  final Table<SalesOrder> orders;
  final Table<Contract> contracts;
  final Table<BillOfMaterials> boms;
  final Table<Tombstone> tombstones = new Table<>(64);
  private final Product[] productArray;
  private final int generatedOrders;

  /** Lines of orders written through the API; they replace the generated ones. */
  final Map<String, List<OrderLine>> writtenLines = new ConcurrentHashMap<>();

  /** Email → customer id, for the 409 on a duplicate email. */
  final Map<String, String> emailOwners;

  ErpData(
      long seed,
      int customerCount,
      int productCount,
      int orderCount,
      int contractCount,
      int bomCount) {
    this.seed = seed;
    customers = new Table<>(customerCount);
    emailOwners = new ConcurrentHashMap<>(customerCount * 4 / 3 + 16);
    for (int i = 0; i < customerCount; i++) {
      Customer c = customer(i);
      customers.insert(c);
      emailOwners.put(c.email(), c.id());
    }
    products = new Table<>(productCount);
    productArray = new Product[productCount];
    for (int i = 0; i < productCount; i++) {
      productArray[i] = product(i);
      products.insert(productArray[i]);
    }
    generatedOrders = orderCount;
    orders = new Table<>(orderCount);
    for (int i = 0; i < orderCount; i++) {
      orders.insert(order(i, customerCount));
    }
    contracts = new Table<>(contractCount);
    for (int i = 0; i < contractCount; i++) {
      contracts.insert(contract(i, customerCount));
    }
    boms = new Table<>(bomCount);
    for (int i = 0; i < bomCount; i++) {
      boms.insert(bom(i));
    }
  }

  static String customerId(long n) {
    return "C" + pad(n, 6);
  }

  static String orderId(long n) {
    return "SO" + pad(n, 8);
  }

  private static String sku(int index) {
    return "SKU-" + pad(index + 1, 5);
  }

  private static String pad(long n, int width) {
    String digits = Long.toString(n);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  private SplittableRandom random(long salt, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new SplittableRandom(z ^ (z >>> 31));
  }

  private static Instant someTimeIn2025(SplittableRandom r) {
    return EPOCH.plusSeconds(r.nextLong(YEAR_SECONDS));
  }

  static double money(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private Customer customer(int i) {
    SplittableRandom r = random(CUSTOMER, i);
    int name = r.nextInt(NAMES.length);
    int country = r.nextInt(COUNTRIES.length);
    String company =
        NAMES[name] + " " + TRADES[r.nextInt(TRADES.length)] + " " + FORMS[r.nextInt(FORMS.length)];
    return new Customer(
        customerId(i + 1),
        company,
        "contact" + (i + 1) + "@" + NAMES[name].toLowerCase() + ".example",
        COUNTRIES[country],
        CITIES[country][r.nextInt(3)],
        1000L * (1 + r.nextInt(500)),
        CURRENCIES[country],
        1,
        someTimeIn2025(r));
  }

  private Product product(int i) {
    SplittableRandom r = random(PRODUCT, i);
    return new Product(
        sku(i),
        ADJECTIVES[r.nextInt(ADJECTIVES.length)] + " " + NOUNS[r.nextInt(NOUNS.length)],
        CATEGORIES[r.nextInt(CATEGORIES.length)],
        money(0.5 + r.nextDouble() * 500),
        UNITS[r.nextInt(UNITS.length)],
        someTimeIn2025(r));
  }

  private SalesOrder order(int i, int customerCount) {
    SplittableRandom r = random(ORDER, i);
    String id = orderId(i + 1);
    Customer customer = customerCount == 0 ? null : customers.at(r.nextInt(customerCount));
    LocalDate date = EPOCH_DATE.plusDays(r.nextInt(365));
    Instant modified = someTimeIn2025(r);
    double total = 0;
    for (OrderLine line : generatedLines(id, i, modified)) {
      total += line.amount();
    }
    return new SalesOrder(
        id,
        customer == null ? null : customer.id(),
        r.nextInt(10) < 3 ? "open" : "closed",
        date,
        money(total),
        customer == null ? "EUR" : customer.currency(),
        1,
        modified);
  }

  private List<OrderLine> generatedLines(String orderId, int index, Instant modified) {
    if (productArray.length == 0) {
      return List.of();
    }
    SplittableRandom r = random(LINES, index);
    int n = 1 + r.nextInt(5);
    List<OrderLine> lines = new ArrayList<>(n);
    for (int line = 1; line <= n; line++) {
      Product p = productArray[r.nextInt(productArray.length)];
      int quantity = 1 + r.nextInt(20);
      lines.add(
          new OrderLine(
              orderId, line, p.sku(), quantity, p.price(), money(quantity * p.price()), modified));
    }
    return lines;
  }

  /** The lines of {@code order}: those written through the API, else the generated ones. */
  List<OrderLine> lines(SalesOrder order) {
    List<OrderLine> written = writtenLines.get(order.id());
    if (written != null) {
      return written;
    }
    int index = generatedIndex(order.id());
    return index < 0 ? List.of() : generatedLines(order.id(), index, order.lastModified());
  }

  private int generatedIndex(String orderId) {
    if (orderId.length() != 10 || !orderId.startsWith("SO")) {
      return -1;
    }
    try {
      int n = Integer.parseInt(orderId, 2, 10, 10);
      return n >= 1 && n <= generatedOrders ? n - 1 : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Contract contract(int i, int customerCount) {
    SplittableRandom r = random(CONTRACT, i);
    LocalDate start = EPOCH_DATE.minusDays(r.nextInt(730));
    return new Contract(
        "K" + pad(i + 1, 6),
        customerCount == 0 ? null : customerId(1 + r.nextInt(customerCount)),
        (r.nextBoolean() ? "Service" : "Supply") + " agreement " + (i + 1),
        start,
        start.plusYears(1 + r.nextInt(3)),
        money(1000 + r.nextDouble() * 250_000),
        someTimeIn2025(r));
  }

  private BillOfMaterials bom(int i) {
    SplittableRandom r = random(BOM, i);
    int n = productArray.length == 0 ? 0 : 2 + r.nextInt(5);
    List<BomComponent> components = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      components.add(
          new BomComponent(productArray[r.nextInt(productArray.length)].sku(), 1 + r.nextInt(10)));
    }
    boolean draft = r.nextInt(10) < 6;
    return new BillOfMaterials(
        "BOM" + pad(i + 1, 5),
        productArray.length == 0 ? null : productArray[r.nextInt(productArray.length)].sku(),
        draft ? "draft" : "approved",
        List.copyOf(components),
        draft ? null : "system",
        someTimeIn2025(r));
  }

  /** The balance of {@code customer}, derived from the seed; it moves with the customer. */
  Balance balance(Customer customer) {
    SplittableRandom r = random(BALANCE, customer.id().hashCode());
    double balance = money(r.nextDouble() * customer.creditLimit());
    return new Balance(
        customer.id(),
        balance,
        r.nextInt(4) == 0 ? money(balance * r.nextDouble()) : 0.0,
        customer.currency(),
        customer.lastModified());
  }

  /**
   * The stock of {@code product} in {@code warehouse}, or {@code null} if the warehouse does not
   * carry it (each carries about 70% of the products, so joins differ between inner and left).
   */
  InventoryItem inventory(Product product, String warehouse) {
    SplittableRandom r = random(STOCK + warehouse.charAt(0), product.sku().hashCode());
    if (r.nextInt(10) >= 7) {
      return null;
    }
    int onHand = r.nextInt(1000);
    return new InventoryItem(
        product.sku(),
        warehouse,
        onHand,
        onHand == 0 ? 0 : r.nextInt(onHand + 1) / 4,
        product.lastModified());
  }

  RowSource<Balance> balances() {
    return new RowSource<>() {
      @Override
      public int slots() {
        return customers.slots();
      }

      @Override
      public Balance at(int slot) {
        Customer c = customers.at(slot);
        return c == null ? null : balance(c);
      }

      @Override
      public boolean present(int slot) {
        return customers.at(slot) != null;
      }

      @Override
      public int live() {
        return customers.live();
      }
    };
  }

  RowSource<InventoryItem> inventory(String warehouse) {
    return new RowSource<>() {
      @Override
      public int slots() {
        return products.slots();
      }

      @Override
      public InventoryItem at(int slot) {
        Product p = products.at(slot);
        return p == null ? null : inventory(p, warehouse);
      }

      @Override
      public boolean present(int slot) {
        return products.at(slot) != null;
      }

      @Override
      public int live() {
        return products.live();
      }
    };
  }

  static <T extends Row> RowSource<T> of(List<T> rows) {
    return new RowSource<>() {
      @Override
      public int slots() {
        return rows.size();
      }

      @Override
      public T at(int slot) {
        return slot < rows.size() ? rows.get(slot) : null;
      }
    };
  }
}
