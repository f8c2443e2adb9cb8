/**
 * API-key authentication: keys resolved from secret references at start, matched in constant time,
 * and the Spring Security chain that turns a missing or wrong key into a problem+json 401 or 403.
 */
package dev.junction.server.security;
