package dev.junction.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ErpCommandLineIT {

  @Test
  void helpReturnsNoBuilder() {
    assertThat(ErpCommandLine.parse(new String[] {"--help"}, Map.of())).isNull();
  }

  @Test
  void startsWithParsedOptions() {
    SampleErp.Builder b =
        ErpCommandLine.parse(
            new String[] {
              "--port",
              "0",
              "--seed",
              "3",
              "--customers",
              "12",
              "--orders",
              "4",
              "--products",
              "6",
              "--paging",
              "customers=cursor",
              "--fault",
              "orders:unavailableRate=1",
              "--auth",
              "api-key",
              "--callbacks-concurrent"
            },
            Map.of("ERP_API_KEY", "from-env"));
    try (SampleErp erp = b.start()) {
      Http http = new Http(erp.baseUrl());
      assertThat(erp.summary().customers()).isEqualTo(12);
      assertThat(erp.summary().orders()).isEqualTo(4);
      assertThat(http.get("/api/customers").statusCode()).isEqualTo(401);
      var ok = http.send(http.request("/api/customers").header("X-API-Key", "from-env"));
      assertThat(Http.json(ok).at("/result/items")).hasSize(12);
      assertThat(erp.faults().get(Endpoint.ORDERS).unavailableRate()).isEqualTo(1.0);
    }
  }

  @Test
  void badOptionsNameWhatIsWrong() {
    assertThatThrownBy(() -> ErpCommandLine.parse(new String[] {"--port", "x"}, Map.of()))
        .hasMessageContaining("--port")
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> ErpCommandLine.parse(new String[] {"--auth", "basic"}, Map.of()))
        .hasMessageContaining("--user");
    assertThatThrownBy(
            () -> ErpCommandLine.parse(new String[] {"--fault", "nope:latencyMs=1"}, Map.of()))
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> ErpCommandLine.parse(new String[] {"--frobnicate", "1"}, Map.of()))
        .hasMessageContaining("--frobnicate");
    assertThatThrownBy(() -> ErpCommandLine.parse(new String[] {"--token-ttl", "soon"}, Map.of()))
        .hasMessageContaining("soon");
  }
}
