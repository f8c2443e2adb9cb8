/**
 * Junction's configuration: the immutable config model (records), loading it from YAML and
 * validating it completely before anything starts.
 */
package dev.junction.config;
