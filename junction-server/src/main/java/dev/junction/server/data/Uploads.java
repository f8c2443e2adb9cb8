package dev.junction.server.data;

import dev.junction.jobs.JobException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.web.multipart.MultipartFile;

/** Stores request bodies and multipart files on disk, refusing more than the package limit. */
final class Uploads {
  private final DataConfiguration.DataSettings settings;

  Uploads(DataConfiguration.DataSettings settings) {
    this.settings = settings;
  }

  Path store(MultipartFile file) {
    try {
      Path target = newFile();
      file.transferTo(target);
      return checked(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path store(InputStream body) {
    try {
      Path target = newFile();
      long max = settings.limits().maxPackageBytes();
      try (OutputStream out = Files.newOutputStream(target)) {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = body.read(buf)) > 0; ) {
          total += n;
          if (total > max) {
            out.close();
            Files.deleteIfExists(target);
            throw new TooLarge(max);
          }
          out.write(buf, 0, n);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path checked(Path target) throws IOException {
    if (Files.size(target) > settings.limits().maxPackageBytes()) {
      Files.deleteIfExists(target);
      throw new TooLarge(settings.limits().maxPackageBytes());
    }
    if (Files.size(target) == 0) {
      Files.deleteIfExists(target);
      throw new JobException(JobException.Reason.INVALID, "the uploaded file is empty");
    }
    return target;
  }

  private Path newFile() throws IOException {
    Files.createDirectories(settings.uploads());
    return Files.createTempFile(settings.uploads(), "upload-", ".bin");
  }

  /** An upload over the configured package size. */
  static final class TooLarge extends RuntimeException {
    TooLarge(long max) {
      super(
          "the upload is larger than the limit of "
              + max
              + " bytes (junction.batch.max-package-bytes); split the package or raise the limit");
    }
  }
}
