/** The sample ERP: a simulated system of record. */
package dev.junction.erp;
