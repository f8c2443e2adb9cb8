/** Junction's engine: the {@code Junction} entry point and the exception hierarchy. */
package dev.junction;
