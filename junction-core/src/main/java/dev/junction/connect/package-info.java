/**
 * The one outbound HTTP client: every call to an external system goes through a {@link
 * dev.junction.connect.Connector}, whose interceptor chain applies auth, TLS 1.2+, timeouts,
 * retries, rate limits, concurrency limits, per-status rules and writes one audit record per call.
 */
package dev.junction.connect;
