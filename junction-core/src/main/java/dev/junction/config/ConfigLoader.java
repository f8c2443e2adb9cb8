package dev.junction.config;

import dev.junction.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads and completely validates a configuration from one YAML file or a folder of them.
 *
 * <p>Loading runs in three steps, each reporting every error it finds: YAML syntax, binding into
 * the config records (unknown keys, missing required keys, wrong types, bad values, literal
 * secrets), and semantic validation (duplicate names and sorting orders, dangling references,
 * values that contradict each other). If any step found errors, a {@link ConfigException} carries
 * all of them, sorted by file, line and column. Error messages never contain a secret value.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads {@code fileOrFolder}: one YAML file, or every {@code *.yaml} / {@code *.yml} file of a
   * folder (not its subfolders) in name order, merged: lists ({@code connections}, {@code
   * entities}, {@code integrations}) concatenate; a section such as {@code store} may be defined in
   * one file only. Secret references are checked for form but not resolved.
   *
   * @throws ConfigException listing every error found, each with file, line, column and path
   */
  public static JunctionConfig load(Path fileOrFolder) {
    return load(fileOrFolder, null);
  }

  /**
   * Like {@link #load(Path)}, and also resolves every secret reference with {@code secrets},
   * reporting each one that cannot be resolved (by its name, never a value).
   *
   * @throws ConfigException listing every error found
   */
  public static JunctionConfig load(Path fileOrFolder, SecretResolver secrets) {
    List<ConfigError> errors = new ArrayList<>();
    List<YamlNode> roots = new ArrayList<>();
    for (Path file : files(fileOrFolder, errors)) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        errors.add(
            new ConfigError(
                file.toString(),
                0,
                0,
                "",
                "cannot read file (" + e.getClass().getSimpleName() + ")"));
        continue;
      }
      YamlNode root = YamlReader.read(file.toString(), text, errors);
      if (root != null) roots.add(root);
    }
    String rootFile = fileOrFolder.toString();
    return finish(merge(roots, rootFile, errors), rootFile, errors, secrets);
  }

  /**
   * Parses and validates one YAML document given as text; {@code fileName} appears in errors.
   *
   * @throws ConfigException listing every error found
   */
  public static JunctionConfig parse(String fileName, String yamlText) {
    return parse(fileName, yamlText, null);
  }

  /**
   * Like {@link #parse(String, String)}, and also resolves every secret reference.
   *
   * @throws ConfigException listing every error found
   */
  public static JunctionConfig parse(String fileName, String yamlText, SecretResolver secrets) {
    List<ConfigError> errors = new ArrayList<>();
    YamlNode root = YamlReader.read(fileName, yamlText, errors);
    return finish(root, fileName, errors, secrets);
  }

  private static JunctionConfig finish(
      YamlNode root, String file, List<ConfigError> errors, SecretResolver secrets) {
    if (!errors.isEmpty()) throw failure(errors);
    RecordBinder binder = new RecordBinder(errors);
    JunctionConfig config = binder.bindRoot(JunctionConfig.class, root, file);
    if (config != null) {
      Problems problems = new Problems(binder, errors);
      new ModelValidator(problems).validate(config);
      new IntegrationValidator(problems).validate(config);
      new BatchValidator(problems).validate(config);
      if (secrets != null) SecretCheck.resolveAll(config, secrets, problems);
    }
    if (!errors.isEmpty()) throw failure(errors);
    return config;
  }

  private static ConfigException failure(List<ConfigError> errors) {
    List<ConfigError> sorted = new ArrayList<>(errors);
    sorted.sort(
        Comparator.comparing(ConfigError::file)
            .thenComparingInt(ConfigError::line)
            .thenComparingInt(ConfigError::column));
    return new ConfigException(sorted);
  }

  private static List<Path> files(Path fileOrFolder, List<ConfigError> errors) {
    String name = fileOrFolder.toString();
    if (Files.isRegularFile(fileOrFolder)) return List.of(fileOrFolder);
    if (!Files.isDirectory(fileOrFolder)) {
      errors.add(new ConfigError(name, 0, 0, "", "no such file or folder"));
      return List.of();
    }
    try (Stream<Path> s = Files.list(fileOrFolder)) {
      List<Path> files =
          s.filter(Files::isRegularFile)
              .filter(
                  f -> {
                    String n = f.getFileName().toString();
                    return n.endsWith(".yaml") || n.endsWith(".yml");
                  })
              .sorted(Comparator.comparing(f -> f.getFileName().toString()))
              .toList();
      if (files.isEmpty()) {
        errors.add(new ConfigError(name, 0, 0, "", "no *.yaml or *.yml file in this folder"));
      }
      return files;
    } catch (IOException e) {
      errors.add(
          new ConfigError(
              name, 0, 0, "", "cannot list folder (" + e.getClass().getSimpleName() + ")"));
      return List.of();
    }
  }

  /** Merges the roots of several files: lists concatenate, other sections must not repeat. */
  private static YamlNode merge(List<YamlNode> roots, String folder, List<ConfigError> errors) {
    List<YamlNode> present =
        roots.stream().filter(r -> !(r instanceof YamlNode.Scalar s && s.isNull())).toList();
    if (present.size() == 1) return present.getFirst();
    if (present.isEmpty()) return null;
    Map<String, YamlNode.Entry> merged = new LinkedHashMap<>();
    for (YamlNode root : present) {
      if (!(root instanceof YamlNode.Mapping m)) {
        errors.add(
            new ConfigError(
                root.file(),
                root.line(),
                root.column(),
                "",
                "expected a mapping at the top level, got " + root.describe()));
        continue;
      }
      for (YamlNode.Entry e : m.entries().values()) {
        if (e.value() instanceof YamlNode.Scalar s && s.isNull()) continue;
        YamlNode.Entry prior = merged.get(e.key());
        if (prior == null) {
          merged.put(e.key(), e);
        } else if (prior.value() instanceof YamlNode.Sequence a
            && e.value() instanceof YamlNode.Sequence b) {
          List<YamlNode> items = new ArrayList<>(a.items());
          items.addAll(b.items());
          merged.put(
              e.key(),
              new YamlNode.Entry(
                  prior.key(),
                  prior.file(),
                  prior.line(),
                  prior.column(),
                  new YamlNode.Sequence(a.file(), a.line(), a.column(), items)));
        } else {
          errors.add(
              new ConfigError(
                  e.file(),
                  e.line(),
                  e.column(),
                  e.key(),
                  "section '"
                      + e.key()
                      + "' is already defined at "
                      + prior.file()
                      + ":"
                      + prior.line()
                      + ":"
                      + prior.column()
                      + "; define it in one file only"));
        }
      }
    }
    YamlNode first = present.getFirst();
    return new YamlNode.Mapping(folder, first.line(), first.column(), merged);
  }
}
