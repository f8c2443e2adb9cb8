package dev.junction.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEntryTest {
  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void inboundEntryRedactsTargetAndDefaultsPrincipal() {
    AuditEntry e =
        AuditEntry.inbound(null, "get", "/a?token=x", 401, Duration.ofMillis(3), "c1", T, 120);
    assertThat(e.direction()).isEqualTo(AuditEntry.Direction.INBOUND);
    assertThat(e.principal()).isEqualTo("anonymous");
    assertThat(e.method()).isEqualTo("GET");
    assertThat(e.target()).isEqualTo("/a?token=***");
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void cutsOverlongTargets() {
    AuditEntry e =
        AuditEntry.inbound("p", "GET", "/" + "a".repeat(5000), 200, Duration.ZERO, "c", T, -1);
    assertThat(e.target()).hasSize(AuditEntry.MAX_TARGET_LENGTH).endsWith("…");
  }

  @Test
  void refusesImpossibleValues() {
    assertThatThrownBy(
            () -> AuditEntry.inbound("p", "GET", "/", 200, Duration.ofMillis(-1), "c", T, 0))
        .hasMessage("audit duration must not be negative, was PT-0.001S");
    assertThatThrownBy(
            () -> AuditEntry.outbound("erp", "GET", "http://h/", 200, Duration.ZERO, "c", T, 0, 0))
        .hasMessage("audit attempts must be >= 1, was 0");
  }

  @Test
  void inMemoryLogKeepsTheNewestEntriesFirst() {
    AuditLog log = AuditLog.inMemory(2);
    for (int i = 1; i <= 3; i++) {
      log.record(AuditEntry.inbound("p", "GET", "/" + i, 200, Duration.ZERO, "c" + i, T, 0));
    }
    assertThat(log.recent(10)).extracting(AuditEntry::target).containsExactly("/3", "/2");
    log.close();
    assertThatThrownBy(
            () -> log.record(AuditEntry.inbound("p", "GET", "/4", 200, Duration.ZERO, "c", T, 0)))
        .isInstanceOf(IllegalStateException.class);
  }
}
