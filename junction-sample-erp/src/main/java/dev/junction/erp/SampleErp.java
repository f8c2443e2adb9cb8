package dev.junction.erp;

import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * A running sample ERP: a simulated system of record with a REST API on 127.0.0.1. Start one with
 * {@link #builder()}; stop it with {@link #close()}. The data is generated from the seed and sizes,
 * so two ERPs built alike serve the same records.
 *
 * <pre>{@code
 * try (SampleErp erp = SampleErp.builder().port(0).seed(42).customers(1000).orders(500)
 *     .auth(Auth.bearer("tok")).start()) {
 *   URI customers = erp.baseUrl().resolve("/api/customers");
 *   erp.faults().set(Endpoint.CUSTOMERS, Fault.none().withServerErrors(0.1));
 *   long calls = erp.stats().count(Endpoint.CUSTOMERS);
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #main(String[])} runs it from the command line ({@code --help}).
 */
public final class SampleErp implements AutoCloseable {
  private final Server server;
  private final URI baseUrl;
  private final FaultTable faults;
  private final RequestCounts stats;
  private final CallbackDispatcher callbacks;
  private final Mutator mutator;
  private final Summary summary;

  private SampleErp(Builder b) throws Exception {
    // Jetty's pool threads are long-lived: thread-local buffers beat a shared concurrent pool.
    JsonMapper json =
        JsonMapper.builder(
                JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build())
            .addModule(new BlackbirdModule())
            .addModule(InstantJson.module())
            .build();
    ErpData data =
        new ErpData(
            b.seed,
            b.customers,
            b.products,
            b.orders,
            b.contracts >= 0 ? b.contracts : b.customers / 2,
            b.boms >= 0 ? b.boms : Math.max(b.products > 0 ? 1 : 0, b.products / 4));
    faults = new FaultTable();
    b.faults.forEach(faults::set);
    stats = new RequestCounts();
    callbacks = new CallbackDispatcher(json, b.callbackDelivery, b.clock);
    b.callbackUrls.forEach(callbacks::register);
    Writes writes = new Writes(data, callbacks, b.clock);
    mutator = new Mutator(writes, b.seed, b.changesPerSecond);
    Map<Endpoint, Pagination> pagination = new EnumMap<>(Endpoint.class);
    for (Endpoint e : Endpoint.values()) {
      pagination.put(e, b.pagination.getOrDefault(e, e.defaultPagination()));
    }
    ErpHandler handler =
        new ErpHandler(
            json,
            new ApiRoutes(json, data, writes, pagination),
            new AdminApi(json, faults, stats, callbacks, mutator, index(b, pagination)),
            new Authenticator(b.auth, b.clock, json),
            faults,
            stats);

    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("sample-erp");
    threads.setDaemon(true);
    // Handlers never block, so Jetty need not keep spare threads spinning for hand-offs; on a
    // core of its own this leaves all the CPU to serving.
    threads.setReservedThreads(0);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(b.port);
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    server.setHandler(handler);
    server.setStopTimeout(0);
    try {
      server.start();
    } catch (Exception e) {
      closeQuietly();
      throw e;
    }
    baseUrl = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    summary =
        new Summary(
            b.seed,
            data.customers.size(),
            data.orders.size(),
            data.products.size(),
            data.contracts.size(),
            data.boms.size(),
            b.auth);
  }

  /** A builder with defaults: random port, seed 42, 1000 customers, 2000 orders, 200 products. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public URI baseUrl() {
    return baseUrl;
  }

  public int port() {
    return baseUrl.getPort();
  }

  /** The faults in force; change them at any time. */
  public Faults faults() {
    return faults;
  }

  /** Requests served per endpoint and status. */
  public Stats stats() {
    return stats;
  }

  /** Registers a URL to receive a POST per change (see {@link CallbackDelivery}). */
  public void registerCallback(URI url) {
    try {
      callbacks.register(url);
    } catch (ErpProblem p) {
      throw new IllegalArgumentException(p.getMessage());
    }
  }

  /** Callback POSTs answered 2xx so far. */
  public long callbacksDelivered() {
    return callbacks.delivered();
  }

  /** Sets the built-in mutator's rate; 0 stops it. */
  public void mutate(double changesPerSecond) {
    try {
      mutator.rate(changesPerSecond);
    } catch (ErpProblem p) {
      throw new IllegalArgumentException(p.getMessage());
    }
  }

  /** Changes the mutator has made so far. */
  public long mutations() {
    return mutator.changes();
  }

  /** What was generated, for a start-up line. */
  public Summary summary() {
    return summary;
  }

  /** Stops serving (requests in flight are aborted), the mutator and callback delivery. */
  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    mutator.close();
    callbacks.close();
    try {
      server.stop();
    } catch (Exception e) {
      // stopping a Jetty server only fails if it is already broken; nothing is left to release
    }
  }

  /**
   * Runs the ERP from the command line until the process is killed; {@code --help} lists options.
   */
  public static void main(String[] args) throws Exception {
    Builder builder;
    try {
      builder = ErpCommandLine.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("sample-erp: " + e.getMessage());
      System.err.println(ErpCommandLine.USAGE);
      System.exit(2);
      return;
    }
    if (builder == null) {
      System.out.println(ErpCommandLine.USAGE);
      return;
    }
    SampleErp erp = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(erp::close, "sample-erp-stop"));
    Summary s = erp.summary();
    System.out.println("Sample ERP listening on " + erp.baseUrl());
    System.out.println(
        "  seed "
            + s.seed()
            + ": "
            + s.customers()
            + " customers, "
            + s.orders()
            + " orders, "
            + s.products()
            + " products, "
            + s.contracts()
            + " contracts, "
            + s.boms()
            + " BOMs; auth "
            + s.auth());
    System.out.println("  try: curl " + erp.baseUrl() + "/   (lists the endpoints)");
    System.out.flush();
    erp.server.join();
  }

  private static Map<String, Object> index(Builder b, Map<Endpoint, Pagination> pagination) {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("customers", "/api/customers[/{id}]  GET POST PUT DELETE");
    endpoints.put("balances", "/api/balances[/{customerId}]");
    endpoints.put("products", "/api/products[/{sku}]");
    endpoints.put("orders", "/api/orders[/{id}]  GET POST PUT DELETE; ?status=open|closed");
    endpoints.put("order-lines", "/api/orders/{id}/lines");
    endpoints.put("inventory-a", "/api/inventory/a[/{sku}]");
    endpoints.put("inventory-b", "/api/inventory/b[/{sku}]");
    endpoints.put("inventory-c", "/api/inventory/c[/{sku}]");
    endpoints.put("contracts", "/api/contracts[/{id}]; ?customerId=");
    endpoints.put("boms", "/api/boms[/{id}], POST /api/boms/{id}/approve");
    endpoints.put("deletions", "/api/deletions; ?entity=customers|orders");
    endpoints.put("token", "POST /oauth/token (OAuth2 client credentials)");
    Map<String, String> paging = new LinkedHashMap<>();
    pagination.forEach((e, p) -> paging.put(e.id(), p.id()));
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("name", "Junction sample ERP");
    index.put("auth", b.auth.getClass().getSimpleName().toLowerCase());
    index.put("endpoints", endpoints);
    index.put("pagination", paging);
    index.put(
        "admin",
        List.of(
            "/admin/stats",
            "/admin/faults[/{endpoint}]",
            "/admin/callbacks",
            "/admin/mutator",
            "/admin/health"));
    return index;
  }

  /** What a started ERP holds. */
  public record Summary(
      long seed, int customers, int orders, int products, int contracts, int boms, Auth auth) {}

  /** Configures a {@link SampleErp}; {@link #start()} may be called more than once. */
  public static final class Builder {
    private int port;
    private long seed = 42;
    private int customers = 1000;
    private int orders = 2000;
    private int products = 200;
    private int contracts = -1;
    private int boms = -1;
    private Auth auth = Auth.none();
    private InstantSource clock = InstantSource.system();
    private final Map<Endpoint, Pagination> pagination = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Fault> faults = new EnumMap<>(Endpoint.class);
    private CallbackDelivery callbackDelivery = CallbackDelivery.inOrder();
    private final List<URI> callbackUrls = new ArrayList<>();
    private double changesPerSecond;

    private Builder() {}

    /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder customers(int count) {
      this.customers = count(count, "customers");
      return this;
    }

    public Builder orders(int count) {
      this.orders = count(count, "orders");
      return this;
    }

    public Builder products(int count) {
      this.products = count(count, "products");
      return this;
    }

    /** Contracts; by default half the customers. */
    public Builder contracts(int count) {
      this.contracts = count(count, "contracts");
      return this;
    }

    /** Bills of materials; by default a quarter of the products. */
    public Builder boms(int count) {
      this.boms = count(count, "boms");
      return this;
    }

    public Builder auth(Auth auth) {
      this.auth = Objects.requireNonNull(auth, "auth must not be null; use Auth.none()");
      return this;
    }

    /** The clock for {@code lastModified} of writes and for token expiry. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /** Overrides the endpoint's default pagination (a request can still pick with ?paging=). */
    public Builder pagination(Endpoint endpoint, Pagination style) {
      pagination.put(Objects.requireNonNull(endpoint), Objects.requireNonNull(style));
      return this;
    }

    /** A fault in force from the start; change it later through {@link SampleErp#faults()}. */
    public Builder fault(Endpoint endpoint, Fault fault) {
      faults.put(Objects.requireNonNull(endpoint), Objects.requireNonNull(fault));
      return this;
    }

    public Builder callbackDelivery(CallbackDelivery delivery) {
      this.callbackDelivery = Objects.requireNonNull(delivery);
      return this;
    }

    /** A URL to POST change notifications to; http or https. */
    public Builder callback(URI url) {
      Objects.requireNonNull(url, "callback url must not be null");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("Callback URL must be http or https, was '" + url + "'");
      }
      callbackUrls.add(url);
      return this;
    }

    /** Built-in mutator: changes this many records per second (0, the default, is off). */
    public Builder mutator(double changesPerSecond) {
      if (!(changesPerSecond >= 0 && changesPerSecond <= 100_000)) {
        throw new IllegalArgumentException(
            "mutator changesPerSecond must be from 0 to 100000, was " + changesPerSecond);
      }
      this.changesPerSecond = changesPerSecond;
      return this;
    }

    /**
     * Generates the data and starts serving.
     *
     * @throws IllegalStateException if the port cannot be bound
     */
    public SampleErp start() {
      try {
        return new SampleErp(this);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(
            "Sample ERP could not start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
      }
    }

    private static int count(int n, String what) {
      if (n < 0 || n > 10_000_000) {
        throw new IllegalArgumentException(what + " must be from 0 to 10000000, was " + n);
      }
      return n;
    }
  }
}
