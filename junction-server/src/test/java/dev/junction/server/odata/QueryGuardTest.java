package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryGuardTest {
  private final QueryGuard guard = new QueryGuard(ODataLimits.defaults());

  @Test
  void acceptsOrdinaryQueries() {
    assertThat(guard.check("/odata/Customer", null)).isNull();
    assertThat(
            guard.check(
                "/odata/Customer",
                "$filter=(id%20gt%201)%20and%20contains(name,'a(b')&$orderby=id&$top=10"))
        .isNull();
  }

  @Test
  void refusesDeepNestingWithoutRecursion() {
    String query = "$filter=" + "(".repeat(100_000) + "id eq 1" + ")".repeat(100_000);
    QueryGuard.Rejection rejection =
        guard.check("/odata/C", query.replace(" ", "%20").substring(0, 60_000));
    assertThat(rejection).isNotNull();
    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.message()).contains("nests parentheses deeper than 50");
  }

  @Test
  void parenthesesInsideStringLiteralsDoNotCount() {
    String literal = "'" + "(".repeat(60) + "'";
    assertThat(guard.check("/odata/C", "$filter=name%20eq%20" + literal)).isNull();
  }

  @Test
  void refusesTooManyTerms() {
    StringBuilder filter = new StringBuilder("id eq 0");
    for (int i = 1; i < 400; i++) filter.append(" or id eq ").append(i);
    QueryGuard.Rejection rejection =
        guard.check("/odata/C", "$filter=" + filter.toString().replace(" ", "%20"));
    assertThat(rejection.message()).contains("more than 1000 terms");
  }

  @Test
  void refusesLongUrlsLongLiteralsAndBadEncoding() {
    assertThat(guard.check("/odata/C", "x=" + "a".repeat(70_000)).message())
        .contains("characters long; the limit is 65536");
    assertThat(guard.check("/odata/C", "$filter=name%20eq%20'" + "a".repeat(5_000) + "'").message())
        .contains("string literal");
    assertThat(guard.check("/odata/C", "$filter=%ZZ").message()).contains("percent-encoding");
  }

  @Test
  void refusesUnsupportedAndUnknownSystemOptions() {
    assertThat(guard.check("/odata/C", "$apply=groupby((city))").message())
        .contains("'$apply' is not supported");
    assertThat(guard.check("/odata/C", "%24search=x").message()).contains("'$search'");
    assertThat(guard.check("/odata/C", "$nonsense=1").message()).contains("'$nonsense'");
    assertThat(guard.check("/odata/C", "custom=1")).isNull();
  }
}
