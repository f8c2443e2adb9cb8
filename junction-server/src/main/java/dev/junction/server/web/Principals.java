package dev.junction.server.web;

/** Where authentication leaves the caller's name for the audit filter, which runs outside it. */
public final class Principals {
  /** Request attribute holding the authenticated principal's name; absent when anonymous. */
  public static final String ATTRIBUTE = "junction.principal";

  private Principals() {}
}
