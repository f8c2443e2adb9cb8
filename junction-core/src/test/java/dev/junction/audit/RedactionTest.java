package dev.junction.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void masksValuesOfSecretQueryParameters() {
    assertThat(Redaction.url("/api/orders?page=2&api_key=s3cr3t&accessToken=t0k&sig=abc"))
        .isEqualTo("/api/orders?page=2&api_key=***&accessToken=***&sig=***");
  }

  @Test
  void masksUserInfoButKeepsHostAndPath() {
    assertThat(Redaction.url("https://bob:hunter2@erp.example.com:8443/v1/items?top=5"))
        .isEqualTo("https://***@erp.example.com:8443/v1/items?top=5");
  }

  @Test
  void dropsFragmentAndKeepsPlainPaths() {
    assertThat(Redaction.url("/odata/Customers('C1')#x")).isEqualTo("/odata/Customers('C1')");
    assertThat(Redaction.url("/path/with@sign")).isEqualTo("/path/with@sign");
  }

  @Test
  void keepsOrdinaryParameters() {
    assertThat(Redaction.url("/x?filter=name eq 'a'&flag&top="))
        .isEqualTo("/x?filter=name eq 'a'&flag&top=");
  }

  @Test
  void recognisesSecretNamesInAnyCase() {
    assertThat(Redaction.isSecretName("X-Api-Key")).isTrue();
    assertThat(Redaction.isSecretName("client_secret")).isTrue();
    assertThat(Redaction.isSecretName("PASSWORD")).isTrue();
    assertThat(Redaction.isSecretName("page")).isFalse();
    assertThat(Redaction.isSecretName("customerName")).isFalse();
  }
}
