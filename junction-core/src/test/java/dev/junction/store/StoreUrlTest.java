package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreUrlTest {
  @Test
  void h2UrlsGetDurableCommitsAndALongLockTimeoutUnlessTheUrlSetsThem() {
    assertThat(Store.h2Url("jdbc:h2:file:./data/junction"))
        .isEqualTo("jdbc:h2:file:./data/junction;WRITE_DELAY=0;LOCK_TIMEOUT=60000");
    assertThat(Store.h2Url("jdbc:h2:file:./x;write_delay=100"))
        .isEqualTo("jdbc:h2:file:./x;write_delay=100;LOCK_TIMEOUT=60000");
  }

  @Test
  void errorMessagesShowTheUrlWithoutItsParameters() {
    assertThat(Store.safeUrl("jdbc:postgresql://db:5432/app?user=u&password=secret"))
        .isEqualTo("jdbc:postgresql://db:5432/app");
    assertThat(Store.safeUrl("jdbc:h2:file:./x;PASSWORD=secret")).isEqualTo("jdbc:h2:file:./x");
  }

  @Test
  void likePatternsEscapeWildcardsAndTheEscapeCharacter() {
    assertThat(SqlTranslation.escapeLike("50%_off!")).isEqualTo("50!%!_off!!");
  }
}
