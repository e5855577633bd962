package dev.sundae.chat.verification;

import dev.sundae.tenancy.TenantConfig;

/**
 * Checks a submitted selfie before a moderator sees it: a liveness or face-match provider plugs in
 * here. Its assessment is advice shown to the moderator, who alone decides. A verifier answers only
 * "is this a live person matching the member's profile photo": no implementation may infer gender,
 * age, race or any other protected attribute from a face.
 */
public interface SelfieVerifier {

  /** A note for the moderator about the selfie at {@code selfieKey} in the tenant's bucket. */
  String assess(TenantConfig tenant, String subject, String selfieKey);
}
