package dev.junction.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.testing.SettableClock;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WriteTokensIT {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTokenAuthorizesOneWriteOfItsSlotUntilItExpires(Kind kind) {
    SettableClock clock = SettableClock.at("2026-01-01T00:00:00Z");
    try (var db = TestDatabases.create(kind);
        RecordStore store = Store.open(db.storeConfig(), clock)) {
      store.migrate(List.of());
      WriteTokens node1 = WriteTokens.create(store.dataSource(), null, clock);
      WriteTokens node2 = WriteTokens.create(store.dataSource(), null, clock);

      WriteTokens.Token t = node1.issue("slot-1", Duration.ofMinutes(10));
      assertThat(t.query()).isEqualTo("se=" + t.expires() + "&sig=" + t.signature());
      // Another node shares the generated key and the used-up state.
      assertThatCode(() -> node2.redeem("slot-1", "" + t.expires(), t.signature()))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> node1.redeem("slot-1", "" + t.expires(), t.signature()))
          .isInstanceOf(WriteTokens.Refused.class)
          .hasMessageContaining("used already");

      WriteTokens.Token u = node1.issue("slot-2", Duration.ofMinutes(10));
      assertThatThrownBy(() -> node1.redeem("slot-3", "" + u.expires(), u.signature()))
          .hasMessageContaining("signature does not match");
      assertThatThrownBy(() -> node1.redeem("slot-2", "" + (u.expires() + 60), u.signature()))
          .hasMessageContaining("signature does not match");
      assertThatThrownBy(() -> node1.redeem("slot-2", "" + u.expires(), "x" + u.signature()))
          .hasMessageContaining("signature does not match");
      assertThatThrownBy(() -> node1.redeem("slot-2", "soon", u.signature()))
          .hasMessageContaining("malformed");
      clock.advance(Duration.ofMinutes(11));
      assertThatThrownBy(() -> node1.redeem("slot-2", "" + u.expires(), u.signature()))
          .isInstanceOf(WriteTokens.Refused.class)
          .hasMessageContaining("expired");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aConfiguredSecretSignsAndOtherSecretsDoNotVerify(Kind kind) {
    SettableClock clock = SettableClock.at("2026-01-01T00:00:00Z");
    try (var db = TestDatabases.create(kind);
        RecordStore store = Store.open(db.storeConfig(), clock)) {
      store.migrate(List.of());
      WriteTokens a =
          WriteTokens.create(
              store.dataSource(), "secret-a".getBytes(StandardCharsets.UTF_8), clock);
      WriteTokens b =
          WriteTokens.create(
              store.dataSource(), "secret-b".getBytes(StandardCharsets.UTF_8), clock);
      WriteTokens.Token t = a.issue("slot", Duration.ofMinutes(1));
      assertThatThrownBy(() -> b.redeem("slot", "" + t.expires(), t.signature()))
          .hasMessageContaining("signature does not match");
      assertThatCode(() -> a.redeem("slot", "" + t.expires(), t.signature()))
          .doesNotThrowAnyException();
    }
  }
}
