package dev.sundae.e2e.support;

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
    String s3Region,
    String s3AccessKey,
    String s3SecretKey) {

  @Override
  public String toString() {
    return "TenantFacts[" + name + ", bucket=" + bucket + ", s3AccessKey=" + s3AccessKey + "]";
  }
}
