/**
 * HTTP plumbing shared by every route: correlation ids and the audit entry per request, RFC 9457
 * problem responses for every error, and the small identity endpoint.
 */
package dev.junction.server.web;
