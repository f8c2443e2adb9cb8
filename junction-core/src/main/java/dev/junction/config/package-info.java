/**
 * Junction's configuration: the immutable config model (records), loading it from YAML with {@link
 * dev.junction.config.ConfigLoader} and validating it completely before anything starts; secret
 * references and their {@link dev.junction.config.SecretResolver}.
 *
 * <h2>How YAML binds to the records</h2>
 *
 * The loader binds YAML into the records of this package by reflection, so a component added to a
 * record is a new YAML key with no other code:
 *
 * <ul>
 *   <li>A record component {@code fooBar} is the key {@code fooBar} (camelCase, exact). A key that
 *       is no component is an error naming the closest known key.
 *   <li><b>Required or optional.</b> A component annotated {@link dev.junction.config.Required}
 *       must be present (a YAML null counts as absent). Every other component is optional: when
 *       absent it takes its {@link dev.junction.config.Default} value, written as it would be in
 *       YAML (e.g. {@code @Default("10s")}, {@code @Default("left")}, or the {@code type} name for
 *       a sealed section); without a default it is {@code null}, {@code 0}, {@code false} or an
 *       empty list, and the record's compact constructor supplies its default (a missing section
 *       such as {@code retry} becomes {@code RetryConfig.defaults()}), so code that builds records
 *       in Java gets the same defaults.
 *   <li><b>Bounds.</b> {@link dev.junction.config.Positive}, {@link dev.junction.config.Min} and
 *       {@link dev.junction.config.Max} bound numbers and durations; a violation names the value.
 *   <li><b>Types.</b> {@code String}; {@code int}, {@code long}, {@code double}, {@code
 *       BigDecimal}, {@code boolean} ({@code true}/{@code false}); enums, matched ignoring case,
 *       {@code _} and {@code -} against the constant or its {@code configName()}; {@code Duration}
 *       as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code
 *       PT5S}); {@code URI}; {@code Path}; {@code List<T>} from a YAML list; {@code Map<String,
 *       T>}; nested records from mappings; a sealed interface from a mapping whose {@code type} key
 *       names one of its records' {@link dev.junction.config.TypeName}; any type with a public
 *       static {@code parse(String)} from a scalar (its {@code IllegalArgumentException} message
 *       becomes the error).
 *   <li><b>Secrets.</b> A {@link dev.junction.config.SecretRef} component accepts only {@code
 *       ${env:NAME}} or {@code ${file:PATH}}; anything else is refused with {@code literal secret
 *       refused; use ${env:NAME} or ${file:PATH}}, never echoing the value.
 *   <li>A compact constructor's {@code IllegalArgumentException} becomes an error at the record.
 * </ul>
 *
 * <p>Binding collects every error and goes on with a fallback value; semantic validation ({@code
 * ModelValidator}, {@code IntegrationValidator}) then checks what spans several values, and the
 * loader throws one {@link dev.junction.ConfigException} carrying all errors, each printed as
 * {@code file:line:column path: message}.
 */
package dev.junction.config;
