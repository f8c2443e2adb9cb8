package dev.junction.server.odata;

import dev.junction.actions.ActionRegistry;
import dev.junction.config.JunctionConfig;
import dev.junction.store.RecordStore;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Mounts the OData service at {@code /odata/*} over the engine's store. Optional beans: an {@link
 * ActionRegistry} (default: the shipped actions), {@link ODataLimits} (default page 1,000, cap
 * 10,000) and an {@link InstantSource}.
 */
@Configuration(proxyBeanMethods = false)
public class ODataConfiguration {

  @Bean
  ServletRegistrationBean<ODataServlet> odataServlet(
      JunctionConfig config,
      ObjectProvider<RecordStore> store,
      ObjectProvider<ActionRegistry> actions,
      ObjectProvider<ODataLimits> limits,
      ObjectProvider<InstantSource> clock,
      ObjectProvider<dev.junction.sync.SyncApi> sync) {
    // The store is looked up on first use, so the server starts (and answers 503 on /odata)
    // when the engine provides no RecordStore bean.
    Supplier<Backend> backend =
        () ->
            new Backend(
                config.entities(),
                config.actions(),
                store.getObject(),
                actions.getIfAvailable(ActionRegistry::standard),
                limits.getIfAvailable(ODataLimits::defaults),
                clock.getIfAvailable(InstantSource::system),
                sync.getIfAvailable());
    ServletRegistrationBean<ODataServlet> registration =
        new ServletRegistrationBean<>(
            new ODataServlet(backend, limits.getIfAvailable(ODataLimits::defaults)), "/odata/*");
    registration.setName("odata");
    return registration;
  }

  /**
   * Lets Tomcat accept request lines up to the OData URL limit, so an over-long URL gets the
   * service's own OData 400 instead of Tomcat's bare one. Ordered last so it wins over {@code
   * server.max-http-request-header-size}'s default.
   */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> odataRequestLineSize(
      ObjectProvider<ODataLimits> limits) {
    int size = limits.getIfAvailable(ODataLimits::defaults).maxUrlLength() * 3 + 16 * 1024;
    return factory ->
        factory.addConnectorCustomizers(
            connector -> connector.setProperty("maxHttpRequestHeaderSize", Integer.toString(size)));
  }
}
