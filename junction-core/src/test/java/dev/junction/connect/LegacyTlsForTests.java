package dev.junction.connect;

import java.security.Security;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Re-enables TLS 1.0/1.1 in the test JVM before any test runs, so that {@link TlsIT} can start a
 * real TLS-1.1-only server and show that it is the connector's own policy (TLS 1.3/1.2 only) that
 * refuses it — not the JDK's default configuration.
 */
public final class LegacyTlsForTests implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    Security.setProperty("jdk.tls.disabledAlgorithms", "SSLv3, RC4, DES, NULL, anon");
  }
}
