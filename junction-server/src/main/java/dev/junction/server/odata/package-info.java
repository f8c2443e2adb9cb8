/**
 * The OData v4 service at {@code /odata/}: Apache Olingo adapted to the entity store. Olingo types
 * stay in this package; every query option is translated into a store {@code Query}.
 */
package dev.junction.server.odata;
