/**
 * End-to-end OData benchmark: a Junction server over a 100,000-row entity, plus a plain-JSON floor
 * served straight from the store; driven by {@code junction-bench/odata-bench.sh} against SAP CAP.
 */
package dev.junction.bench.odata;
