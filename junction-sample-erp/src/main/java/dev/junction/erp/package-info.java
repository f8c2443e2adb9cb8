/**
 * The sample ERP: a simulated system of record with a REST API for the demo, the tests and the
 * benchmarks. Start it with {@link dev.junction.erp.SampleErp#builder()}; everything else in this
 * package is either a value that configures it or a view of its runtime state.
 */
package dev.junction.erp;
