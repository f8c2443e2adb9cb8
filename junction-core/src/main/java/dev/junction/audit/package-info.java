/**
 * The audit trail: one {@link dev.junction.audit.AuditEntry} per inbound or outbound call (who,
 * what, when, how long, outcome, correlation id — never a secret or a body), and the {@link
 * dev.junction.audit.AuditLog} that keeps them.
 */
package dev.junction.audit;
