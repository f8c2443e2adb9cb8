package dev.junction.bench;

/** Entry point of the benchmark jar: lists and runs the benchmarks. */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) {
    System.out.println("junction-bench");
  }
}
