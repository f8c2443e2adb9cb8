package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkipTokenTest {
  @Test
  void roundTripsEveryValueType() {
    List<Object> values =
        Arrays.asList(
            "a|b:c,'",
            7,
            8L,
            new BigDecimal("12.50"),
            true,
            LocalDate.of(2024, 2, 29),
            OffsetDateTime.parse("2024-01-01T10:00:00Z"),
            null,
            "");
    String fingerprint = SkipToken.fingerprint("/C", "id gt 1", "name");
    String token = SkipToken.encode(fingerprint, values);
    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(SkipToken.decode(fingerprint, token)).isEqualTo(values);
  }

  @Test
  void refusesATokenOfAnotherQuery() {
    String token = SkipToken.encode(SkipToken.fingerprint("/C", "", ""), List.of(1L));
    assertThatThrownBy(() -> SkipToken.decode(SkipToken.fingerprint("/C", "id gt 5", ""), token))
        .hasMessageContaining("another query");
  }

  @Test
  void refusesTruncatedTokens() {
    String fingerprint = SkipToken.fingerprint("/C", "", "");
    String token = SkipToken.encode(fingerprint, List.of("abcdef"));
    String cut =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString((fingerprint + "|s6:abc").getBytes());
    assertThatThrownBy(() -> SkipToken.decode(fingerprint, cut))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SkipToken.decode(fingerprint, token)).containsExactly("abcdef");
  }
}
