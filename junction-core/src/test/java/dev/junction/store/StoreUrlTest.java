package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreUrlTest {
  @Test
  void h2UrlsGetDurableCommitsALongLockTimeoutAndACacheUnlessTheUrlSetsThem() {
    long gb = 1024L * 1024 * 1024;
    assertThat(Store.h2Url("jdbc:h2:file:./data/junction", gb / 2))
        .isEqualTo(
            "jdbc:h2:file:./data/junction;WRITE_DELAY=0;LOCK_TIMEOUT=60000;CACHE_SIZE=131072");
    assertThat(Store.h2Url("jdbc:h2:file:./big", 2 * gb)).endsWith(";CACHE_SIZE=524288");
    assertThat(Store.h2Url("jdbc:h2:file:./big", 8 * gb)).endsWith(";CACHE_SIZE=1048576");
    assertThat(Store.h2Url("jdbc:h2:file:./x;write_delay=100;cache_size=1024", 2 * gb))
        .isEqualTo("jdbc:h2:file:./x;write_delay=100;cache_size=1024;LOCK_TIMEOUT=60000");
    assertThat(Store.h2Url("jdbc:h2:mem:x", 32L * 1024 * 1024))
        .isEqualTo("jdbc:h2:mem:x;WRITE_DELAY=0;LOCK_TIMEOUT=60000;CACHE_SIZE=16384");
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
