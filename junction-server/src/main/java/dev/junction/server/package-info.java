/**
 * The Spring Boot application: builds the engine's parts once from the {@link
 * dev.junction.config.JunctionConfig} the CLI loaded, and wires the HTTP adapters to them.
 */
package dev.junction.server;
