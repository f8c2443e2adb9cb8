package dev.junction.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code type:} value that selects this record among the permitted records of a sealed config
 * interface (e.g. {@code type: bearer} selects {@link AuthConfig.Bearer}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TypeName {
  String value();
}
