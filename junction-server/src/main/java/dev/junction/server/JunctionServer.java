package dev.junction.server;

import dev.junction.config.JunctionConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Junction server. Started by the CLI ({@code junction serve}, {@code junction demo}) with an
 * already loaded and validated {@link JunctionConfig}; Spring never reads Junction's YAML itself.
 *
 * <p>{@link UserDetailsServiceAutoConfiguration} is excluded: callers authenticate with API keys
 * only, so there is no user store and no generated password.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class JunctionServer {

  /** Name of the {@link JunctionConfig} singleton handed to Spring. */
  public static final String CONFIG_BEAN = "junctionConfig";

  /**
   * Starts the server for {@code config} and returns once it is listening.
   *
   * @param args extra Spring arguments ({@code --logging.level.root=debug}), usually none
   * @throws RuntimeException when it cannot start (port taken, store unreachable, bad key secret)
   */
  public static ConfigurableApplicationContext start(JunctionConfig config, String... args) {
    return new SpringApplicationBuilder(JunctionServer.class)
        .properties(springProperties(config))
        .initializers(ctx -> ctx.getBeanFactory().registerSingleton(CONFIG_BEAN, config))
        .run(args);
  }

  /** The one place where Junction's config becomes Spring properties. */
  static Map<String, Object> springProperties(JunctionConfig config) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.port", config.server().port());
    p.put("server.address", config.server().bindAddress());
    return p;
  }
}
