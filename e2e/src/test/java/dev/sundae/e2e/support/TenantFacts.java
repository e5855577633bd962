package dev.sundae.e2e.support;

import dev.sundae.tenancy.Arms;
import java.util.List;
import java.util.Optional;

/**
 * What the tests know of one tenant, as the platform under test describes it: from the Tenant's
 * spec and status and its credentials Secret where Kubernetes runs the platform, from {@code
 * e2e.properties} where nothing does (docker compose, whose runner copies them from the services'
 * own configuration).
 *
 * @param name the Tenant's name
 * @param bucket its bucket
 * @param queueUrl its queue of object-created events
 * @param deadLetterQueueUrl where the worker puts the events it cannot process
 * @param flavours its flavour catalogue
 * @param modelVersion the version it names for its model; empty when it names none, and the worker
 *     then records the model file's fingerprint alone
 * @param holdoutPercent the share of its register sessions held out (spec.holdout.percent)
 * @param s3Region the region of its object store
 * @param s3AccessKey its own object-store keys, the only ones the platform hands out
 * @param s3SecretKey the secret of those keys
 */
public record TenantFacts(
    String name,
    String bucket,
    String queueUrl,
    String deadLetterQueueUrl,
    List<String> flavours,
    Optional<String> modelVersion,
    int holdoutPercent,
    String s3Region,
    String s3AccessKey,
    String s3SecretKey) {

  /** A session id that the platform's split puts in {@code arm} of this tenant's holdout. */
  public String session(Arms.Arm arm) {
    if (arm == Arms.Arm.HOLDOUT && holdoutPercent == 0) {
      throw new IllegalStateException(name + " holds no session out");
    }
    for (int i = 0; ; i++) {
      String session = "e2e-" + arm.wire() + "-" + i;
      if (Arms.of(name, session, holdoutPercent) == arm) {
        return session;
      }
    }
  }

  @Override
  public String toString() {
    return "TenantFacts[" + name + ", bucket=" + bucket + ", s3AccessKey=" + s3AccessKey + "]";
  }
}
