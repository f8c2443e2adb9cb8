package dev.junction.server.security;

import dev.junction.server.web.Principals;
import dev.junction.server.web.Problems;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The only security rules. Spring Security is kept, minimally, rather than replaced by one filter:
 * it gives a declarative route table (open health, admin-only actuator, authenticated rest), the
 * standard hardening headers and correct handling of error dispatches, while Junction adds a single
 * filter ({@link ApiKeyAuthenticationFilter}). Sessions, CSRF (no cookies are used), form and basic
 * login are off: every request carries its key.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
  static final String CHALLENGE = "ApiKey realm=\"junction\"";

  @Bean
  SecurityFilterChain apiKeyChain(HttpSecurity http, ApiKeys keys, Problems problems)
      throws Exception {
    http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(new ApiKeyAuthenticationFilter(keys), AnonymousAuthenticationFilter.class)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, ex) -> {
                          Object why =
                              request.getAttribute(ApiKeyAuthenticationFilter.FAILURE_ATTRIBUTE);
                          response.setHeader("WWW-Authenticate", CHALLENGE);
                          problems.write(
                              request,
                              response,
                              HttpStatus.UNAUTHORIZED,
                              why != null
                                  ? why
                                      + "; send 'Authorization: ApiKey <key>' or 'X-Api-Key: <key>'"
                                  : "an API key is required; send 'Authorization: ApiKey <key>'"
                                      + " or 'X-Api-Key: <key>'");
                        })
                    .accessDeniedHandler(
                        (request, response, ex) -> {
                          response.setHeader(
                              "WWW-Authenticate", CHALLENGE + ", error=\"insufficient_scope\"");
                          problems.write(
                              request,
                              response,
                              HttpStatus.FORBIDDEN,
                              "the API key '"
                                  + request.getAttribute(Principals.ATTRIBUTE)
                                  + "' lacks the role this route requires");
                        }))
        .authorizeHttpRequests(
            a ->
                a.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
                    .permitAll()
                    .requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .requestMatchers("/actuator/**", "/api/v1/audit")
                    .hasRole("admin")
                    .requestMatchers(HttpMethod.POST, "/api/integrations/*/runs")
                    .hasAnyRole("write", "admin")
                    .anyRequest()
                    .authenticated());
    return http.build();
  }
}
