/** Shared test fixtures: fresh H2 and PostgreSQL databases, a settable clock. */
package dev.junction.testing;
