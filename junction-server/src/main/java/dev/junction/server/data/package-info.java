/**
 * HTTP adapter of the batch data API: export/import jobs, recurring integrations and the Dynamics
 * 365-compatible data management and connector routes. Only translates HTTP to {@link
 * dev.junction.jobs.BatchJobs}.
 */
package dev.junction.server.data;
