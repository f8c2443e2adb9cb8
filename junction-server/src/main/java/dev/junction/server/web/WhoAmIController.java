package dev.junction.server.web;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/whoami}: the calling key's name and roles — a first authenticated route. */
@RestController
class WhoAmIController {

  record Identity(String principal, List<String> roles) {}

  @GetMapping("/api/v1/whoami")
  Identity whoami(Authentication authentication) {
    List<String> roles =
        authentication.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .map(a -> a.startsWith("ROLE_") ? a.substring(5) : a)
            .sorted()
            .toList();
    return new Identity(authentication.getName(), roles);
  }
}
