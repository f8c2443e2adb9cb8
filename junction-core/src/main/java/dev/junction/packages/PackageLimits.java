package dev.junction.packages;

/**
 * Guards applied while reading an uploaded package or file.
 *
 * @param maxPackageBytes largest accepted upload, in bytes
 * @param maxExpandedBytes most bytes all entries of a zip may expand to (zip bomb guard)
 * @param maxRatio most an entry may expand relative to its compressed size, once it exceeds 1 MiB
 * @param maxEntries most entries a zip may hold
 * @param maxLineChars longest accepted line (CSV record or JSON line), in characters
 */
public record PackageLimits(
    long maxPackageBytes, long maxExpandedBytes, int maxRatio, int maxEntries, int maxLineChars) {

  public PackageLimits {
    if (maxPackageBytes < 1) throw new IllegalArgumentException("maxPackageBytes must be >= 1");
    if (maxExpandedBytes < 1) throw new IllegalArgumentException("maxExpandedBytes must be >= 1");
    if (maxRatio < 1) throw new IllegalArgumentException("maxRatio must be >= 1");
    if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be >= 1");
    if (maxLineChars < 16) throw new IllegalArgumentException("maxLineChars must be >= 16");
  }

  /** 1 GiB uploads expanding to at most 16 GiB, ratio 200, 10,000 entries, 1 MiB lines. */
  public static PackageLimits defaults() {
    return new PackageLimits(1L << 30, 16L << 30, 200, 10_000, 1 << 20);
  }
}
