/**
 * Operations exposed as OData actions: the {@link dev.junction.actions.Action} interface, the
 * registry that finds an implementation by name, and the shipped {@code approve} action for a bill
 * of materials.
 */
package dev.junction.actions;
