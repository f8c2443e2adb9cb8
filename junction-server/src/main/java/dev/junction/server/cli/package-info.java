/**
 * The {@code junction} command line (picocli): {@code serve}, {@code validate}, {@code demo} and
 * {@code sample-erp}. Loads and validates the config, then hands it to the server.
 */
package dev.junction.server.cli;
