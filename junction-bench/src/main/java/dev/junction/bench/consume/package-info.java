/**
 * End-to-end benchmarks of the consume verb against the sample ERP: endpoint chaining under
 * injected latency (versus the physical limit calls × latency ÷ concurrency) and data aggregation
 * throughput.
 */
package dev.junction.bench.consume;
