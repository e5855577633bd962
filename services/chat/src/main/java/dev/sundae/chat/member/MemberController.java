package dev.sundae.chat.member;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.chat.tenant.TenantPolicies;
import dev.sundae.chat.tenant.Unadmitted;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own membership: reachable before admission, so a client can show the status. */
@RestController
class MemberController {

  private final Members members;
  private final TenantPolicies policies;

  MemberController(Members members, TenantPolicies policies) {
    this.members = members;
    this.policies = policies;
  }

  @GetMapping("/v1/me")
  Me me(@Unadmitted Caller caller) {
    ChatProperties.Admission admission = policies.admission(caller.tenant());
    String status =
        admission == ChatProperties.Admission.OPEN
            ? "admitted"
            : members.status(caller.tenant(), caller.subject()).orElse("pending");
    return new Me(
        caller.subject(),
        caller.username(),
        caller.tenant().name(),
        admission.name().toLowerCase(),
        status);
  }

  /**
   * @param subject the member's id; others invite and message the member by it
   * @param username the member's name at the tenant's issuer
   * @param tenant the tenant's name
   * @param admission the tenant's policy, {@code open} or {@code verified}
   * @param status {@code admitted}, {@code pending} or {@code rejected}
   */
  record Me(String subject, String username, String tenant, String admission, String status) {}
}
