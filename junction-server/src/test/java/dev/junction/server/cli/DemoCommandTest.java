package dev.junction.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ConnectionConfig;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void connectionsToTheDefaultErpFollowItToAnotherPort() {
    ConnectionConfig erp = connection("erp", "http://127.0.0.1:8089/api/?x=1");
    ConnectionConfig local = connection("local", "http://localhost:8089/api/");
    ConnectionConfig other = connection("crm", "https://crm.example.com/v2/");

    List<ConnectionConfig> moved = DemoCommand.retarget(List.of(erp, local, other), 40123);

    assertThat(moved)
        .extracting(c -> c.baseUrl().toString())
        .containsExactly(
            "http://127.0.0.1:40123/api/?x=1",
            "http://127.0.0.1:40123/api/",
            "https://crm.example.com/v2/");
    assertThat(moved.get(0)).usingRecursiveComparison().ignoringFields("baseUrl").isEqualTo(erp);
  }

  @Test
  void connectionsStayWhenTheErpGotItsDefaultPort() {
    ConnectionConfig erp = connection("erp", "http://127.0.0.1:8089/api/");

    assertThat(DemoCommand.retarget(List.of(erp), 8089)).containsExactly(erp);
  }

  private static ConnectionConfig connection(String name, String url) {
    return new ConnectionConfig(name, URI.create(url), null, null, null, null, null, null, 0, null);
  }
}
