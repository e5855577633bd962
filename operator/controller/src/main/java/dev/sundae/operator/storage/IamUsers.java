package dev.sundae.operator.storage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * Tenant users in AWS IAM: one IAM user per tenant whose only permission is one inline policy on
 * its bucket. Anything else that would widen it (other inline policies, managed policies, groups)
 * is removed. AWS generates access keys itself, so a key is kept only while it still belongs to the
 * user; otherwise a new one is created. New IAM keys take a few seconds to work everywhere.
 */
final class IamUsers {

  private static final Logger LOG = LoggerFactory.getLogger(IamUsers.class);

  static final String POLICY_NAME = "sundae-bucket-access";

  private final IamClient iam;
  private final AwsCalls calls = new AwsCalls("IAM");

  IamUsers(IamClient iam) {
    this.iam = iam;
  }

  BucketCredentials ensure(String user, String bucket, Optional<BucketCredentials> current) {
    if (!exists(user)) {
      calls.run("create user " + user, () -> iam.createUser(b -> b.userName(user)));
      LOG.info("Created IAM user {}", user);
    }
    ensureOnlyPolicy(user, BucketPolicy.forBucket(bucket));
    return ensureKey(user, current);
  }

  void delete(String user) {
    if (!exists(user)) {
      return;
    }
    // IAM refuses to delete a user that still has keys, policies or groups.
    for (AccessKeyMetadata key : keys(user)) {
      deleteKey(user, key.accessKeyId());
    }
    removeOtherPolicies(user, Optional.empty());
    calls.run("delete user " + user, () -> iam.deleteUser(b -> b.userName(user)));
    LOG.info("Deleted IAM user {}", user);
  }

  private boolean exists(String user) {
    try {
      calls.run("look up user " + user, () -> iam.getUser(b -> b.userName(user)));
      return true;
    } catch (ObjectStoreException e) {
      if (isNoSuchEntity(e)) {
        return false;
      }
      throw e;
    }
  }

  private void ensureOnlyPolicy(String user, String document) {
    removeOtherPolicies(user, Optional.of(POLICY_NAME));
    if (!policyDocument(user).filter(document::equals).isPresent()) {
      calls.run(
          "write the policy of user " + user,
          () ->
              iam.putUserPolicy(
                  b -> b.userName(user).policyName(POLICY_NAME).policyDocument(document)));
      LOG.info("Set the bucket policy of IAM user {}", user);
    }
  }

  private Optional<String> policyDocument(String user) {
    try {
      String encoded =
          calls
              .call(
                  "read the policy of user " + user,
                  () -> iam.getUserPolicy(b -> b.userName(user).policyName(POLICY_NAME)))
              .policyDocument();
      // IAM returns the document URL-encoded.
      return Optional.of(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    } catch (ObjectStoreException e) {
      if (isNoSuchEntity(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static boolean isNoSuchEntity(ObjectStoreException e) {
    return AwsCalls.errorCode(e).filter("NoSuchEntity"::equals).isPresent();
  }

  /** Removes every inline policy but {@code keep}, every managed policy and every group. */
  private void removeOtherPolicies(String user, Optional<String> keep) {
    for (String policy :
        calls
            .call(
                "list the policies of user " + user,
                () -> iam.listUserPolicies(b -> b.userName(user)))
            .policyNames()) {
      if (keep.filter(policy::equals).isEmpty()) {
        calls.run(
            "delete policy " + policy + " of user " + user,
            () -> iam.deleteUserPolicy(b -> b.userName(user).policyName(policy)));
      }
    }
    calls
        .call(
            "list the managed policies of user " + user,
            () -> iam.listAttachedUserPolicies(b -> b.userName(user)))
        .attachedPolicies()
        .forEach(
            p ->
                calls.run(
                    "detach policy " + p.policyArn() + " from user " + user,
                    () -> iam.detachUserPolicy(b -> b.userName(user).policyArn(p.policyArn()))));
    calls
        .call("list the groups of user " + user, () -> iam.listGroupsForUser(b -> b.userName(user)))
        .groups()
        .forEach(
            g ->
                calls.run(
                    "remove user " + user + " from group " + g.groupName(),
                    () -> iam.removeUserFromGroup(b -> b.userName(user).groupName(g.groupName()))));
  }

  private BucketCredentials ensureKey(String user, Optional<BucketCredentials> current) {
    List<AccessKeyMetadata> keys = keys(user);
    Optional<AccessKeyMetadata> kept =
        current.flatMap(
            c -> keys.stream().filter(k -> k.accessKeyId().equals(c.accessKey())).findFirst());
    // Stale keys go first: IAM allows two keys per user.
    keys.stream()
        .filter(k -> !kept.equals(Optional.of(k)))
        .forEach(k -> deleteKey(user, k.accessKeyId()));
    if (kept.isPresent()) {
      if (kept.get().status() != StatusType.ACTIVE) {
        calls.run(
            "activate the access key of user " + user,
            () ->
                iam.updateAccessKey(
                    b ->
                        b.userName(user)
                            .accessKeyId(kept.get().accessKeyId())
                            .status(StatusType.ACTIVE)));
      }
      return current.get();
    }
    AccessKey key =
        calls
            .call(
                "create an access key for user " + user,
                () -> iam.createAccessKey(b -> b.userName(user)))
            .accessKey();
    LOG.info("Created access key {} for IAM user {}", key.accessKeyId(), user);
    return new BucketCredentials(key.accessKeyId(), key.secretAccessKey());
  }

  private List<AccessKeyMetadata> keys(String user) {
    return calls
        .call(
            "list the access keys of user " + user, () -> iam.listAccessKeys(b -> b.userName(user)))
        .accessKeyMetadata();
  }

  private void deleteKey(String user, String accessKeyId) {
    calls.run(
        "delete access key " + accessKeyId + " of user " + user,
        () -> iam.deleteAccessKey(b -> b.userName(user).accessKeyId(accessKeyId)));
    LOG.info("Deleted access key {} of IAM user {}", accessKeyId, user);
  }
}
