package dev.junction.server.security;

import dev.junction.server.web.Principals;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the key from {@code Authorization: ApiKey <key>} or {@code X-Api-Key: <key>} and, when it
 * matches, authenticates the request as the key's principal with {@code ROLE_<role>} authorities.
 * It never rejects by itself: a missing or wrong key leaves the request anonymous and the
 * authorization rules decide (health stays open); the reason is kept as a request attribute for the
 * 401 problem's detail. The key itself is never stored, logged or echoed.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {
  /** Request attribute holding why authentication failed, for the 401 detail. */
  static final String FAILURE_ATTRIBUTE = "junction.authFailure";

  private static final String SCHEME = "ApiKey";
  private static final java.util.Set<String> KNOWN_SCHEMES =
      java.util.Set.of("basic", "bearer", "digest", "negotiate", "ntlm", "token", "hoba", "mutual");

  private final ApiKeys keys;

  ApiKeyAuthenticationFilter(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String presented = presentedKey(request);
    if (presented != null) {
      var principal = keys.match(presented);
      if (principal.isPresent()) {
        List<SimpleGrantedAuthority> authorities =
            principal.get().roles().stream()
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                .toList();
        var auth =
            UsernamePasswordAuthenticationToken.authenticated(
                principal.get().name(), null, authorities);
        SecurityContext context =
            SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
        request.setAttribute(Principals.ATTRIBUTE, principal.get().name());
      } else {
        request.setAttribute(FAILURE_ATTRIBUTE, "the API key is not valid");
      }
    }
    chain.doFilter(request, response);
  }

  /** The key, or null (with the failure reason recorded) when none is usable. */
  private static String presentedKey(HttpServletRequest request) {
    String header = request.getHeader("X-Api-Key");
    if (header != null && !header.isBlank()) return header.trim();
    String authorization = request.getHeader("Authorization");
    if (authorization == null || authorization.isBlank()) return null;
    String[] parts = authorization.trim().split("\\s+", 2);
    if (!parts[0].equalsIgnoreCase(SCHEME) || parts.length < 2) {
      // Name the scheme only when it is a well-known one: a bare key sent without a scheme must
      // never be echoed.
      String scheme =
          KNOWN_SCHEMES.contains(parts[0].toLowerCase(java.util.Locale.ROOT)) ? parts[0] : "given";
      request.setAttribute(
          FAILURE_ATTRIBUTE,
          parts.length < 2 && parts[0].equalsIgnoreCase(SCHEME)
              ? "the Authorization header names the ApiKey scheme but no key"
              : "the Authorization scheme " + scheme + " is not supported; use ApiKey");
      return null;
    }
    return parts[1].trim();
  }
}
