package dev.junction.server.cli;

import java.util.concurrent.CountDownLatch;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/** What the CLI needs to know about a started server. */
final class RunningServer {
  private RunningServer() {}

  /** {@code http://address:port} the server actually listens on. */
  static String baseUrl(ConfigurableApplicationContext server) {
    var env = server.getEnvironment();
    String address = env.getProperty("server.address", "127.0.0.1");
    if (address.equals("0.0.0.0") || address.equals("::")) address = "127.0.0.1";
    if (address.contains(":")) address = "[" + address + "]";
    return "http://" + address + ":" + env.getProperty("local.server.port");
  }

  /** Blocks until the server's context closes (Ctrl-C runs Spring's shutdown hook). */
  static void awaitClose(ConfigurableApplicationContext server) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    server.addApplicationListener(
        (ApplicationListener<ApplicationEvent>)
            event -> {
              if (event instanceof ContextClosedEvent) closed.countDown();
            });
    if (!server.isActive()) return;
    closed.await();
  }
}
