package dev.junction.server.security;

import dev.junction.server.web.Principals;
import dev.junction.server.web.Problems;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
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
                    .requestMatchers(SecurityConfiguration::signedBlobWrite)
                    .permitAll()
                    .anyRequest()
                    .authenticated());
    return http.build();
  }

  /**
   * A PUT of one upload slot carrying a signed write token ({@code ?se=…&sig=…}, from {@code
   * GetAzureWriteUrl}): the token, checked by the route, authorizes it instead of an API key, as an
   * Azure SAS does. Without {@code sig} the PUT needs a key like everything else.
   */
  static boolean signedBlobWrite(HttpServletRequest request) {
    if (!"PUT".equals(request.getMethod())) return false;
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String query = request.getQueryString();
    return BLOB_PATH.matcher(path).matches()
        && query != null
        && (query.startsWith("sig=") || query.contains("&sig="));
  }

  private static final java.util.regex.Pattern BLOB_PATH =
      java.util.regex.Pattern.compile("/api/data/blobs/[A-Za-z0-9-]{1,64}");
}
