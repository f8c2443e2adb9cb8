package dev.junction.erp;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Turns {@code sample-erp} command-line options into a {@link SampleErp.Builder}. */
final class ErpCommandLine {
  static final String USAGE =
      """
      Usage: sample-erp [options]
        --port N                 port on 127.0.0.1 (default 8089; 0 = random)
        --seed N                 data seed (default 42)
        --customers N --orders N --products N --contracts N --boms N   data sizes
        --auth MODE              none | basic | bearer | api-key | oauth2 (default none)
        --user U --password P    basic auth (password also from ERP_PASSWORD)
        --token T                bearer token (also from ERP_TOKEN)
        --api-key-header H --api-key K   API key auth (default header X-API-Key; key also ERP_API_KEY)
        --client-id ID --client-secret S --token-ttl 3600s   oauth2 (secret also ERP_CLIENT_SECRET)
        --paging ENDPOINT=STYLE  pagination per endpoint: odata | offset | page | cursor | link
        --fault ENDPOINT:SETTINGS  e.g. --fault customers:latencyMs=50,serverErrorRate=0.1
                                 settings: latencyMs jitterMs hangRate throttleRate retryAfterSeconds
                                 serverErrorRate unavailableRate malformedRate truncatedRate slowBodyMs
        --mutator N              change N records per second
        --callback URL           POST change notifications to URL (repeatable)
        --callback-secret S      sign callbacks with HMAC-SHA256 (also ERP_CALLBACK_SECRET)
        --callbacks-concurrent   deliver callbacks concurrently
        --callbacks-reorder N    hold N notifications and send them in reverse order
        --help                   this text
      Endpoints: customers balances products orders order-lines inventory-a inventory-b inventory-c
                 contracts boms deletions token
      """;

  private ErpCommandLine() {}

  /**
   * @return the configured builder, or {@code null} if {@code --help} was asked
   * @throws IllegalArgumentException naming the bad option and value
   */
  static SampleErp.Builder parse(String[] args, Map<String, String> env) {
    SampleErp.Builder b = SampleErp.builder().port(8089);
    String authMode = "none";
    String user = null;
    String password = env.get("ERP_PASSWORD");
    String token = env.get("ERP_TOKEN");
    String apiKeyHeader = "X-API-Key";
    String apiKey = env.get("ERP_API_KEY");
    String clientId = null;
    String clientSecret = env.get("ERP_CLIENT_SECRET");
    Duration tokenTtl = Duration.ofHours(1);
    CallbackDelivery delivery = CallbackDelivery.inOrder();
    String callbackSecret = env.get("ERP_CALLBACK_SECRET");
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        return null;
      }
      if (option.equals("--callbacks-concurrent")) {
        delivery = delivery.concurrently();
        continue;
      }
      if (!option.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument '" + option + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--port" -> b.port(integer(option, value));
        case "--seed" -> b.seed(longValue(option, value));
        case "--customers" -> b.customers(integer(option, value));
        case "--orders" -> b.orders(integer(option, value));
        case "--products" -> b.products(integer(option, value));
        case "--contracts" -> b.contracts(integer(option, value));
        case "--boms" -> b.boms(integer(option, value));
        case "--auth" -> authMode = value;
        case "--user" -> user = value;
        case "--password" -> password = value;
        case "--token" -> token = value;
        case "--api-key-header" -> apiKeyHeader = value;
        case "--api-key" -> apiKey = value;
        case "--client-id" -> clientId = value;
        case "--client-secret" -> clientSecret = value;
        case "--token-ttl" -> tokenTtl = duration(option, value);
        case "--paging" -> {
          int eq = value.indexOf('=');
          if (eq < 0) {
            throw new IllegalArgumentException(
                "--paging needs ENDPOINT=STYLE, e.g. customers=odata; was '" + value + "'");
          }
          b.pagination(
              Endpoint.byId(value.substring(0, eq)), Pagination.byId(value.substring(eq + 1)));
        }
        case "--fault" -> {
          int colon = value.indexOf(':');
          if (colon < 0) {
            throw new IllegalArgumentException(
                "--fault needs ENDPOINT:SETTINGS, e.g. customers:latencyMs=50; was '"
                    + value
                    + "'");
          }
          b.fault(
              Endpoint.byId(value.substring(0, colon)),
              FaultJson.fromText(value.substring(colon + 1)));
        }
        case "--mutator" -> b.mutator(number(option, value));
        case "--callback" -> {
          try {
            b.callback(URI.create(value));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--callback is not a valid URL: '" + value + "'");
          }
        }
        case "--callback-secret" -> callbackSecret = value;
        case "--callbacks-reorder" ->
            delivery = delivery.reorderedInWindowsOf(integer(option, value));
        default -> throw new IllegalArgumentException("Unknown option " + option + "; see --help");
      }
    }
    if (callbackSecret != null) {
      delivery = delivery.signedWith(callbackSecret);
    }
    b.callbackDelivery(delivery);
    b.auth(
        switch (authMode) {
          case "none" -> Auth.none();
          case "basic" ->
              Auth.basic(
                  required(user, "--auth basic needs --user"),
                  required(password, "--auth basic needs --password or ERP_PASSWORD"));
          case "bearer" -> Auth.bearer(required(token, "--auth bearer needs --token or ERP_TOKEN"));
          case "api-key" ->
              Auth.apiKey(
                  apiKeyHeader, required(apiKey, "--auth api-key needs --api-key or ERP_API_KEY"));
          case "oauth2" ->
              Auth.oauth2(
                  required(clientId, "--auth oauth2 needs --client-id"),
                  required(
                      clientSecret, "--auth oauth2 needs --client-secret or ERP_CLIENT_SECRET"),
                  tokenTtl);
          default ->
              throw new IllegalArgumentException(
                  "--auth must be none, basic, bearer, api-key or oauth2, was '" + authMode + "'");
        });
    return b;
  }

  private static String required(String value, String message) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(message);
    }
    return value;
  }

  private static int integer(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, was '" + value + "'");
    }
  }

  private static long longValue(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, was '" + value + "'");
    }
  }

  private static double number(String option, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, was '" + value + "'");
    }
  }

  /** {@code 90s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT2S}. */
  private static Duration duration(String option, String value) {
    try {
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      if (value.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      if (value.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      return Duration.parse(value);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " needs a duration like 90s, 500ms, 2m or PT1H, was '" + value + "'");
    }
  }
}
