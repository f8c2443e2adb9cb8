package dev.junction.config;

import static dev.junction.config.Problems.known;
import static dev.junction.config.Problems.quote;

import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Semantic checks of the store, the server, connections and entities: rules that span several
 * values (a scale above its precision, a key naming a missing field, a relation to an unknown
 * entity, duplicate names).
 */
final class ModelValidator {
  private final Problems p;

  ModelValidator(Problems p) {
    this.p = p;
  }

  void validate(JunctionConfig c) {
    store(c.store());
    server(c.server());
    connections(c.connections());
    entities(c);
  }

  private void store(StoreConfig s) {
    String url = s.url();
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      // The URL may carry a password: it is not repeated.
      p.at(s, "url", "unsupported store url; use jdbc:h2:... or jdbc:postgresql:...");
    } else if (url.toLowerCase(Locale.ROOT).contains("password=")) {
      p.at(
          s,
          "url",
          "password in store url refused; use store.password with ${env:NAME} or ${file:PATH}");
    }
  }

  private void server(ServerConfig s) {
    p.unique(
        s.apiKeys(),
        ServerConfig.ApiKeyConfig::name,
        "name",
        (prior, where) ->
            "duplicate API key name " + quote(prior.name()) + " (first at " + where + ")");
    for (ServerConfig.ApiKeyConfig k : s.apiKeys()) {
      if (!Problems.NAME.matcher(k.name()).matches()) {
        p.at(k, "name", badName(k.name()));
      }
    }
  }

  private void connections(List<ConnectionConfig> connections) {
    p.unique(
        connections,
        ConnectionConfig::name,
        "name",
        (prior, where) ->
            "duplicate connection name " + quote(prior.name()) + " (first at " + where + ")");
    for (ConnectionConfig c : connections) {
      if (!Problems.NAME.matcher(c.name()).matches()) p.at(c, "name", badName(c.name()));
      httpUrl(c, "baseUrl", c.baseUrl(), true);
      tls(c.tls());
      retry(c.retry());
      statusRules(c);
      switch (c.auth()) {
        case AuthConfig.OAuth2ClientCredentials o -> httpUrl(o, "tokenUrl", o.tokenUrl(), false);
        case AuthConfig.ApiKey k when k.name().isBlank() -> p.at(k, "name", "must not be blank");
        case AuthConfig.Basic b when b.username().isBlank() ->
            p.at(b, "username", "must not be blank");
        default -> {}
      }
    }
  }

  private void httpUrl(Object record, String component, URI url, boolean base) {
    if (url.getRawUserInfo() != null) {
      p.at(
          record,
          component,
          "credentials in a URL refused; use auth with ${env:NAME} or ${file:PATH}");
      return;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      p.at(
          record, component, "must be an absolute http or https URL, got " + quote(url.toString()));
    } else if (url.getHost() == null) {
      p.at(record, component, "has no host: " + quote(url.toString()));
    } else if (base && (url.getRawQuery() != null || url.getRawFragment() != null)) {
      p.at(
          record,
          component,
          "may not have a query or fragment; put the query in the endpoint path");
    }
  }

  private void tls(TlsConfig t) {
    if (t.trustStore() == null) {
      if (t.trustStorePassword() != null) {
        p.at(t, "trustStorePassword", "a trust store password needs a trustStore");
      }
    } else if (!Files.isRegularFile(t.trustStore())) {
      p.at(t, "trustStore", "trust store file " + quote(t.trustStore().toString()) + " not found");
    }
    String type = t.trustStoreType().toUpperCase(Locale.ROOT);
    if (!type.equals("PKCS12") && !type.equals("JKS")) {
      p.at(
          t,
          "trustStoreType",
          "unsupported trust store type " + quote(t.trustStoreType()) + "; use PKCS12 or JKS");
    }
  }

  private void retry(RetryConfig r) {
    if (r.maxBackoff().compareTo(r.initialBackoff()) < 0) {
      p.at(
          r,
          "maxBackoff",
          "must not be shorter than initialBackoff ("
              + r.initialBackoff().toMillis()
              + "ms), was "
              + r.maxBackoff().toMillis()
              + "ms");
    }
    if (r.multiplier() < 1) p.at(r, "multiplier", "must be at least 1, was " + r.multiplier());
    if (r.jitter() < 0 || r.jitter() > 1) {
      p.at(r, "jitter", "must be between 0 and 1, was " + r.jitter());
    }
  }

  private void statusRules(ConnectionConfig c) {
    List<StatusRule> rules = c.statusRules();
    for (int i = 0; i < rules.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (rules.get(i).status().overlaps(rules.get(j).status())) {
          p.at(
              rules.get(i),
              "status",
              rules.get(i).status()
                  + " overlaps the rule for "
                  + rules.get(j).status()
                  + " at "
                  + p.where(rules.get(j), "status")
                  + "; each status may have one rule");
          break;
        }
      }
    }
  }

  private void entities(JunctionConfig c) {
    Map<String, EntityConfig> byLowerName = new HashMap<>();
    for (EntityConfig e : c.entities()) {
      if (!Problems.IDENTIFIER.matcher(e.name()).matches()) {
        p.at(e, "name", badIdentifier("entity", e.name()));
      }
      EntityConfig prior = byLowerName.putIfAbsent(e.name().toLowerCase(Locale.ROOT), e);
      if (prior != null) {
        p.at(
            e,
            "name",
            "duplicate entity name "
                + quote(e.name())
                + " (names ignore case; first at "
                + p.where(prior, "name")
                + ")");
      }
      fields(e);
      key(e);
      indexes(e);
    }
    Map<String, EntityConfig> byName = new HashMap<>();
    for (EntityConfig e : c.entities()) byName.putIfAbsent(e.name(), e);
    boolean allEntities = !p.incomplete(c, "entities");
    for (EntityConfig e : c.entities()) relations(e, byName, allEntities);
  }

  private void fields(EntityConfig e) {
    if (e.fields().isEmpty() && !p.incomplete(e, "fields")) {
      p.at(e, "fields", "an entity needs at least one field");
    }
    Map<String, FieldConfig> seen = new HashMap<>();
    for (FieldConfig f : e.fields()) {
      if (!Problems.IDENTIFIER.matcher(f.name()).matches()) {
        p.at(f, "name", badIdentifier("field", f.name()));
      }
      FieldConfig prior = seen.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
      if (prior != null) {
        p.at(
            f,
            "name",
            "duplicate field name "
                + quote(f.name())
                + " in entity "
                + quote(e.name())
                + " (names ignore case; first at "
                + p.where(prior, "name")
                + ")");
      }
      if (f.type() == FieldType.DECIMAL && f.scale() > f.precision()) {
        p.at(f, "scale", "must not exceed precision (" + f.precision() + "), was " + f.scale());
      }
    }
  }

  private void key(EntityConfig e) {
    if (e.key().isEmpty()) {
      p.at(e, "key", "an entity needs at least one key field");
      return;
    }
    if (p.incomplete(e, "fields")) return;
    Set<String> seen = new HashSet<>();
    List<String> names = e.fields().stream().map(FieldConfig::name).toList();
    for (int i = 0; i < e.key().size(); i++) {
      String k = e.key().get(i);
      if (!seen.add(k)) {
        p.at(e, "key", i, "key field " + quote(k) + " is listed twice");
        continue;
      }
      var field = e.field(k);
      if (field.isEmpty()) {
        p.at(
            e,
            "key",
            i,
            "unknown field " + quote(k) + " of entity " + quote(e.name()) + known(names));
      } else if (field.get().type() == FieldType.JSON) {
        p.at(e, "key", i, "a json field cannot be a key: " + quote(k));
      }
    }
  }

  private void indexes(EntityConfig e) {
    if (p.incomplete(e, "fields")) return;
    List<String> names = e.fields().stream().map(FieldConfig::name).toList();
    Set<List<String>> seenIndexes = new HashSet<>();
    for (int i = 0; i < e.indexes().size(); i++) {
      List<String> index = e.indexes().get(i);
      if (index.isEmpty()) {
        p.at(e, "indexes", i, "an index needs at least one field");
        continue;
      }
      if (!seenIndexes.add(index)) {
        p.at(e, "indexes", i, "index " + index + " is declared twice");
        continue;
      }
      Set<String> seen = new HashSet<>();
      for (String column : index) {
        String[] parts = column.trim().split("\\s+");
        String name = parts[0];
        if (parts.length > 2
            || (parts.length == 2
                && !parts[1].equalsIgnoreCase("asc")
                && !parts[1].equalsIgnoreCase("desc"))) {
          p.at(
              e,
              "indexes",
              i,
              "index column "
                  + quote(column)
                  + " must be a field name, optionally followed by asc or desc");
          continue;
        }
        var field = e.field(name);
        if (!seen.add(name)) {
          p.at(e, "indexes", i, "field " + quote(name) + " is listed twice in index " + index);
        } else if (field.isEmpty()) {
          p.at(
              e,
              "indexes",
              i,
              "unknown field " + quote(name) + " of entity " + quote(e.name()) + known(names));
        } else if (field.get().type() == FieldType.JSON) {
          p.at(e, "indexes", i, "a json field cannot be indexed: " + quote(name));
        }
      }
    }
  }

  private void relations(EntityConfig e, Map<String, EntityConfig> entities, boolean all) {
    Set<String> names = new HashSet<>();
    for (RelationConfig r : e.relations()) {
      if (!Problems.IDENTIFIER.matcher(r.name()).matches()) {
        p.at(r, "name", badIdentifier("relation", r.name()));
      }
      if (!names.add(r.name())) {
        p.at(r, "name", "duplicate relation name " + quote(r.name()) + " in " + quote(e.name()));
      } else if (e.field(r.name()).isPresent()) {
        p.at(
            r,
            "name",
            "relation " + quote(r.name()) + " has the name of a field of " + quote(e.name()));
      }
      EntityConfig target = entities.get(r.entity());
      if (target == null) {
        if (all)
          p.at(
              r,
              "entity",
              "unknown entity "
                  + quote(r.entity())
                  + known(entities.keySet().stream().sorted().toList()));
        continue;
      }
      if (p.incomplete(target, "fields") || p.incomplete(e, "fields")) continue;
      if (r.foreignKey().size() != e.key().size()) {
        p.at(
            r,
            "foreignKey",
            "has "
                + r.foreignKey().size()
                + " field(s) but the key of "
                + quote(e.name())
                + " has "
                + e.key().size());
        continue;
      }
      for (int i = 0; i < r.foreignKey().size(); i++) {
        String fk = r.foreignKey().get(i);
        var field = target.field(fk);
        if (field.isEmpty()) {
          p.at(
              r,
              "foreignKey",
              i,
              "unknown field "
                  + quote(fk)
                  + " of entity "
                  + quote(target.name())
                  + known(target.fields().stream().map(FieldConfig::name).toList()));
          continue;
        }
        var keyField = e.field(e.key().get(i));
        if (keyField.isPresent() && keyField.get().type() != field.get().type()) {
          p.at(
              r,
              "foreignKey",
              i,
              "field "
                  + quote(fk)
                  + " of "
                  + quote(target.name())
                  + " is "
                  + field.get().type().configName()
                  + " but key field "
                  + quote(keyField.get().name())
                  + " of "
                  + quote(e.name())
                  + " is "
                  + keyField.get().type().configName());
        }
      }
    }
  }

  static String badName(String name) {
    return "invalid name " + quote(name) + "; use letters, digits, '_', '-' and '.' (at most 100)";
  }

  static String badIdentifier(String what, String name) {
    return "invalid "
        + what
        + " name "
        + quote(name)
        + "; start with a letter, then letters, digits or '_' (at most 63)";
  }
}
