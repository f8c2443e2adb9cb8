package dev.junction.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultTest {

  @Test
  void noneIsNone() {
    assertThat(Fault.none().isNone()).isTrue();
    assertThat(Fault.none().withLatency(Duration.ofMillis(1)).isNone()).isFalse();
  }

  @Test
  void ratesMustBeProbabilities() {
    assertThatThrownBy(() -> Fault.none().withServerErrors(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverErrorRate")
        .hasMessageContaining("1.5");
  }

  @Test
  void outcomeRatesMustNotSumAboveOne() {
    assertThatThrownBy(() -> Fault.none().withServerErrors(0.6).withUnavailable(0.6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1");
  }

  @Test
  void negativeLatencyIsRejected() {
    assertThatThrownBy(() -> Fault.none().withLatency(Duration.ofMillis(-1)))
        .hasMessageContaining("latency");
  }

  @Test
  void textFormParsesEveryField() {
    Fault f =
        FaultJson.fromText(
            "latencyMs=50,jitterMs=5,hangRate=0.1,throttleRate=0.2,retryAfterSeconds=3,"
                + "serverErrorRate=0.1,unavailableRate=0.1,malformedRate=0.3,truncatedRate=0.2,"
                + "slowBodyMs=100");

    assertThat(f)
        .isEqualTo(
            new Fault(
                Duration.ofMillis(50),
                Duration.ofMillis(5),
                0.1,
                0.2,
                Duration.ofSeconds(3),
                0.1,
                0.1,
                0.3,
                0.2,
                Duration.ofMillis(100)));
    assertThat(FaultJson.fromJson(Http.JSON.valueToTree(FaultJson.toJson(f)))).isEqualTo(f);
  }

  @Test
  void authToStringHidesSecrets() {
    assertThat(Auth.basic("u", "pw-secret").toString()).doesNotContain("pw-secret");
    assertThat(Auth.bearer("tok-secret").toString()).doesNotContain("tok-secret");
    assertThat(Auth.apiKey("X-Key", "key-secret").toString()).doesNotContain("key-secret");
    assertThat(Auth.oauth2("id", "cs-secret", Duration.ofSeconds(1)).toString())
        .doesNotContain("cs-secret");
    assertThat(CallbackDelivery.inOrder().signedWith("hmac-secret").toString())
        .doesNotContain("hmac-secret");
  }
}
