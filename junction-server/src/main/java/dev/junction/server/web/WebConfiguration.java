package dev.junction.server.web;

import dev.junction.audit.AuditLog;
import java.time.InstantSource;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

  /** Before Spring Security (order -100), so rejected requests are audited too. */
  @Bean
  FilterRegistrationBean<AuditFilter> auditFilter(AuditLog audit, InstantSource clock) {
    var registration = new FilterRegistrationBean<>(new AuditFilter(audit, clock));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
