package dev.junction.server.cli;

/** Placeholder entry point; replaced by the picocli CLI. */
public final class JunctionCli {
  private JunctionCli() {}

  public static void main(String[] args) {
    System.out.println("junction");
  }
}
