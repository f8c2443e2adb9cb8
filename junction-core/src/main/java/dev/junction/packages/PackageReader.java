package dev.junction.packages;

import dev.junction.config.EntityConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Opens a package file for reading: a zip (with a {@code manifest.json}, or a D365-style zip whose
 * entity files are named after entities), or a bare CSV / JSON Lines file of one entity. Every
 * structural check happens in {@link #open}: size, zip end record and entry count, entry names (no
 * {@code ..}, no absolute paths), manifest, known entities. Entries are streamed and never
 * extracted to disk; reading stops when the package expands beyond the limits.
 *
 * <p>Not thread-safe. Close it to release the zip.
 */
public final class PackageReader implements AutoCloseable {
  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;

  private final Path path;
  private final ZipFile zip;
  private final PackageLimits limits;
  private final Manifest manifest;
  private final Map<String, EntityConfig> entities;
  private long expanded;
  private final Map<String, Long> readOfFile = new HashMap<>();

  private PackageReader(
      Path path,
      ZipFile zip,
      PackageLimits limits,
      Manifest manifest,
      Map<String, EntityConfig> entities) {
    this.path = path;
    this.zip = zip;
    this.limits = limits;
    this.manifest = manifest;
    this.entities = entities;
  }

  /**
   * Opens {@code file}.
   *
   * @param file the uploaded bytes on disk
   * @param fileName the name the caller gave it ({@code orders.zip}, {@code Customer.csv})
   * @param entity for a bare file: the entity it holds, or null to take it from the file name
   * @param limits the guards to apply
   * @param entities the configured entities
   * @throws PackageException naming what is wrong; nothing is read further
   */
  public static PackageReader open(
      Path file,
      String fileName,
      String entity,
      PackageLimits limits,
      List<EntityConfig> entities) {
    Objects.requireNonNull(file, "file");
    Map<String, EntityConfig> known = new LinkedHashMap<>();
    for (EntityConfig e : entities) known.put(e.name(), e);
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new PackageException("package " + fileName + ": cannot be read: " + e.getMessage(), e);
    }
    if (size > limits.maxPackageBytes()) {
      throw new PackageException(
          "package "
              + fileName
              + " is "
              + size
              + " bytes, more than the limit of "
              + limits.maxPackageBytes()
              + " bytes; split it or raise the limit");
    }
    String name = fileName == null || fileName.isBlank() ? "upload" : fileName;
    if (isZip(file, name)) return openZip(file, name, limits, known);
    PackageFormat format =
        PackageFormat.ofFileName(name)
            .orElseThrow(
                () ->
                    new PackageException(
                        "file "
                            + name
                            + " is neither a zip package nor a .csv or .jsonl file; name it by"
                            + " its format"));
    String entityName = entity;
    if (entityName == null || entityName.isBlank()) {
      String base = Path.of(name).getFileName().toString();
      entityName = base.substring(0, base.lastIndexOf('.'));
    }
    requireKnown(known, entityName, name);
    Manifest m =
        new Manifest(
            1,
            format,
            "file " + name,
            Instant.EPOCH,
            false,
            0,
            0,
            List.of(new Manifest.Entry(entityName, name, Manifest.Kind.RECORDS, -1)));
    return new PackageReader(file, null, limits, m, known);
  }

  private static boolean isZip(Path file, String name) {
    if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) return true;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] < 10;
    } catch (IOException e) {
      return false;
    }
  }

  private static PackageReader openZip(
      Path file, String name, PackageLimits limits, Map<String, EntityConfig> known) {
    long entries = entryCount(file, name);
    if (entries > limits.maxEntries()) {
      throw new PackageException(
          "package "
              + name
              + " holds "
              + entries
              + " entries, more than the limit of "
              + limits.maxEntries()
              + "; the package is refused");
    }
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new PackageException(
          "package " + name + " is not a readable zip (" + e.getMessage() + "); it is corrupt", e);
    } catch (IOException e) {
      throw new PackageException("package " + name + ": cannot be read: " + e.getMessage(), e);
    }
    try {
      List<String> names = new ArrayList<>();
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        checkName(name, e.getName());
        if (!e.isDirectory()) names.add(e.getName());
      }
      Manifest manifest;
      ZipEntry manifestEntry = zip.getEntry(Manifest.FILE);
      if (manifestEntry != null) {
        if (manifestEntry.getSize() > 1 << 20) {
          throw new PackageException("package " + name + ": manifest.json is larger than 1 MiB");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(manifestEntry)) {
          bytes = in.readNBytes(1 << 20);
        }
        manifest = Manifest.parse(bytes);
        List<String> problems = new ArrayList<>();
        for (Manifest.Entry e : manifest.entries()) {
          if (zip.getEntry(e.file()) == null) {
            problems.add("it names file '" + e.file() + "', which is not in the package");
          }
          if (!known.containsKey(e.entity())) {
            problems.add(unknownEntity(known, e.entity()));
          }
        }
        if (!problems.isEmpty()) {
          throw new PackageException(
              "package "
                  + name
                  + ": manifest.json is wrong: "
                  + String.join("; ", problems)
                  + "; the package is refused");
        }
      } else {
        manifest = inferManifest(name, names, known);
      }
      return new PackageReader(file, zip, limits, manifest, known);
    } catch (IOException e) {
      closeQuietly(zip);
      throw new PackageException(
          "package " + name + " is corrupt: " + e.getMessage() + "; the package is refused", e);
    } catch (RuntimeException e) {
      closeQuietly(zip);
      throw e;
    }
  }

  /** A D365-style or plain zip without manifest.json: {@code <Entity>.csv}, {@code .jsonl}. */
  private static Manifest inferManifest(
      String name, List<String> names, Map<String, EntityConfig> known) {
    List<Manifest.Entry> entries = new ArrayList<>();
    PackageFormat format = null;
    List<String> problems = new ArrayList<>();
    for (String entry : names) {
      String base = entry.substring(entry.lastIndexOf('/') + 1);
      if (base.equalsIgnoreCase("Manifest.xml") || base.equalsIgnoreCase("PackageHeader.xml")) {
        continue;
      }
      PackageFormat f = PackageFormat.ofFileName(base).orElse(null);
      if (f == null) {
        problems.add("entry '" + entry + "' is neither .csv nor .jsonl");
        continue;
      }
      if (format != null && f != format) {
        problems.add("entries mix csv and jsonl files");
      }
      format = f;
      String stem = base.substring(0, base.lastIndexOf('.'));
      Manifest.Kind kind = Manifest.Kind.RECORDS;
      if (stem.toLowerCase(Locale.ROOT).endsWith(".deletions")) {
        kind = Manifest.Kind.DELETIONS;
        stem = stem.substring(0, stem.length() - ".deletions".length());
      }
      if (!known.containsKey(stem)) problems.add(unknownEntity(known, stem));
      entries.add(new Manifest.Entry(stem, entry, kind, -1));
    }
    if (entries.isEmpty() && problems.isEmpty()) {
      problems.add("it holds no entity file (<Entity>.csv or <Entity>.jsonl) and no manifest.json");
    }
    if (!problems.isEmpty()) {
      throw new PackageException(
          "package " + name + ": " + String.join("; ", problems) + "; the package is refused");
    }
    return new Manifest(1, format, "zip " + name, Instant.EPOCH, false, 0, 0, entries);
  }

  private static String unknownEntity(Map<String, EntityConfig> known, String entity) {
    return "entity '"
        + entity
        + "' is not configured (configured: "
        + String.join(", ", known.keySet())
        + ")";
  }

  private static void requireKnown(Map<String, EntityConfig> known, String entity, String file) {
    if (!known.containsKey(entity)) {
      throw new PackageException(
          "file " + file + ": " + unknownEntity(known, entity) + "; name the entity explicitly");
    }
  }

  /** Zip slip guard: no parent segments, no absolute or drive paths, no backslashes. */
  private static void checkName(String pkg, String entry) {
    boolean bad =
        entry.isEmpty()
            || entry.startsWith("/")
            || entry.contains("\\")
            || entry.contains("\0")
            || (entry.length() > 1 && entry.charAt(1) == ':');
    for (String segment : entry.split("/")) {
      if (segment.equals("..")) bad = true;
    }
    if (bad) {
      throw new PackageException(
          "package "
              + pkg
              + ": entry '"
              + Values.shorten(entry)
              + "' has an unsafe path (absolute, '..' or backslash); the package is refused");
    }
  }

  /** The entry count from the end-of-central-directory record (ZIP64 aware), before opening. */
  private static long entryCount(Path file, String name) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long size = raf.length();
      int tail = (int) Math.min(size, 22 + 65_535);
      byte[] buf = new byte[tail];
      raf.seek(size - tail);
      raf.readFully(buf);
      for (int i = tail - 22; i >= 0; i--) {
        if (le32(buf, i) == EOCD) {
          long count = le16(buf, i + 10);
          if (count == 0xFFFF && i >= 20 && le32(buf, i - 20) == ZIP64_LOCATOR) {
            long zip64 = le64(buf, i - 20 + 8);
            if (zip64 < 0 || zip64 > size - 56) break;
            byte[] rec = new byte[56];
            raf.seek(zip64);
            raf.readFully(rec);
            if (le32(rec, 0) != ZIP64_EOCD) break;
            count = le64(rec, 32);
            if (count < 0) count = Long.MAX_VALUE;
          }
          return count;
        }
      }
    } catch (IOException e) {
      throw new PackageException("package " + name + ": cannot be read: " + e.getMessage(), e);
    }
    throw new PackageException(
        "package "
            + name
            + " is not a readable zip (no end-of-central-directory record: truncated or corrupt);"
            + " the package is refused");
  }

  private static long le16(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
  }

  private static long le32(byte[] b, int i) {
    return (b[i] & 0xFFL)
        | (b[i + 1] & 0xFFL) << 8
        | (b[i + 2] & 0xFFL) << 16
        | (b[i + 3] & 0xFFL) << 24;
  }

  private static long le64(byte[] b, int i) {
    return le32(b, i) | le32(b, i + 4) << 32;
  }

  /** The manifest: the package's own, or one inferred from its file names. */
  public Manifest manifest() {
    return manifest;
  }

  /** The configured entity an entry names. */
  public EntityConfig entity(Manifest.Entry entry) {
    return entities.get(entry.entity());
  }

  /**
   * Opens the rows of one entry of {@link #manifest()}.
   *
   * @throws PackageException when the entry cannot be opened
   */
  public RowSource rows(Manifest.Entry entry) {
    EntityConfig entity = entities.get(entry.entity());
    InputStream in;
    long compressed;
    try {
      if (zip == null) {
        in = Files.newInputStream(path);
        compressed = Files.size(path);
      } else {
        ZipEntry e = zip.getEntry(entry.file());
        in = zip.getInputStream(e);
        compressed = Math.max(e.getCompressedSize(), 1);
      }
    } catch (IOException e) {
      throw new PackageException(
          entry.file() + ": cannot be opened (" + e.getMessage() + "); the package is corrupt", e);
    }
    InputStream guarded = new Guard(in, entry.file(), compressed);
    return manifest.format() == PackageFormat.CSV
        ? new CsvRowSource(entity, entry.file(), guarded, limits.maxLineChars())
        : new JsonlRowSource(entity, entry.file(), guarded, limits.maxLineChars());
  }

  @Override
  public void close() {
    if (zip != null) closeQuietly(zip);
  }

  private static void closeQuietly(ZipFile zip) {
    try {
      zip.close();
    } catch (IOException e) {
      // Read-only; nothing to lose.
    }
  }

  /** Counts expanded bytes and stops a zip bomb; turns zip data errors into package errors. */
  private final class Guard extends FilterInputStream {
    private final String file;
    private final long compressed;
    private long read;

    Guard(InputStream in, String file, long compressed) {
      super(in);
      this.file = file;
      this.compressed = compressed;
    }

    private void count(long n) throws IOException {
      if (n <= 0) return;
      read += n;
      // An entry read again (an import reads each file twice) expands no further.
      long before = readOfFile.getOrDefault(file, 0L);
      if (read > before) {
        expanded += read - before;
        readOfFile.put(file, read);
      }
      if (expanded > limits.maxExpandedBytes()) {
        throw new IOException(
            new PackageException(
                "package expands to more than "
                    + limits.maxExpandedBytes()
                    + " bytes (zip bomb guard) while reading "
                    + file
                    + "; the package is refused"));
      }
      if (zip != null && read > (1 << 20) && read / compressed > limits.maxRatio()) {
        throw new IOException(
            new PackageException(
                file
                    + " expands more than "
                    + limits.maxRatio()
                    + " times its compressed size (zip bomb guard); the package is refused"));
      }
    }

    @Override
    public int read() throws IOException {
      int b = wrap(() -> super.read());
      if (b >= 0) count(1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = wrap(() -> super.read(b, off, len));
      count(n);
      return n;
    }

    private int wrap(IoRead r) throws IOException {
      try {
        return r.read();
      } catch (ZipException e) {
        throw new IOException(
            new PackageException(
                file + " is corrupt (" + e.getMessage() + "); the package is refused", e));
      }
    }
  }

  @FunctionalInterface
  private interface IoRead {
    int read() throws IOException;
  }

  /** Entity name → config, for callers ordering the manifest's entries. */
  public Map<String, EntityConfig> entities() {
    return new HashMap<>(entities);
  }
}
