package dev.junction.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.JunctionException;
import dev.junction.config.SecretRef;
import dev.junction.config.SecretResolver;
import dev.junction.config.ServerConfig.ApiKeyConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private static final String OPS_KEY = "ops-0123456789abcdef";
  private static final String BI_KEY = "bi-0123456789abcdef";
  private static final Function<SecretRef, String> ENV =
      ref ->
          SecretResolver.of(Map.of("OPS", OPS_KEY, "BI", BI_KEY, "SHORT", "s3cr3t"))
              .resolve(ref)
              .reveal();

  @Test
  void matchesEachKeyToItsPrincipalWithItsRoles() {
    ApiKeys keys =
        ApiKeys.resolve(
            List.of(
                new ApiKeyConfig("ops", SecretRef.env("OPS"), List.of()),
                new ApiKeyConfig("bi", SecretRef.env("BI"), List.of("read"))),
            ENV);

    assertThat(keys.match(OPS_KEY)).hasValue(new ApiKeys.Principal("ops", ApiKeys.ALL_ROLES));
    assertThat(keys.match(BI_KEY)).hasValue(new ApiKeys.Principal("bi", java.util.Set.of("read")));
    assertThat(keys.match(OPS_KEY + " ")).isEmpty();
    assertThat(keys.match("")).isEmpty();
  }

  @Test
  void refusesEveryUnresolvableOrShortKeyAtOnceWithoutItsValue() {
    assertThatThrownBy(
            () ->
                ApiKeys.resolve(
                    List.of(
                        new ApiKeyConfig("ops", SecretRef.env("MISSING"), List.of()),
                        new ApiKeyConfig("tiny", SecretRef.env("SHORT"), List.of())),
                    ENV))
        .isInstanceOf(JunctionException.class)
        .hasMessageContaining("API key 'ops' (server.apiKeys[0].key, ${env:MISSING})")
        .hasMessageContaining("'MISSING' is not set")
        .hasMessageContaining(
            "API key 'tiny' (server.apiKeys[1].key, ${env:SHORT}): shorter than 16 characters")
        .hasMessageEndingWith("the server does not start")
        .message()
        .doesNotContain("s3cr3t");
  }
}
