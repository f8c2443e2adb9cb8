package dev.junction.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value an optional record component takes when its key is missing, written exactly as it would
 * be written in YAML (e.g. {@code "32"}, {@code "10s"}, {@code "left"}, {@code "none"} for the
 * {@code type} of a sealed section).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
  String value();
}
