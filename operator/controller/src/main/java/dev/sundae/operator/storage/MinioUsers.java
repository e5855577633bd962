package dev.sundae.operator.storage;

import io.minio.admin.MinioAdminClient;
import io.minio.admin.UserInfo;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tenant users on MinIO's admin API: the user's name is its access key, and a canned policy of the
 * same name opens its bucket. MinIO never reveals a user's secret key, so the only way to be sure
 * the keys in hand work is to set them: every call writes the user, the policy and the mapping,
 * three small idempotent admin requests that also undo any change made by hand.
 */
final class MinioUsers {

  // MinIO wants at least 3 characters and no '=' or ','; this also keeps names readable in logs.
  private static final Pattern USER_NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{2,63}$");

  private final MinioAdminClient admin;
  private final MinioCalls calls;

  MinioUsers(MinioAdminClient admin, MinioCalls calls) {
    this.admin = admin;
    this.calls = calls;
  }

  BucketCredentials ensure(String user, String bucket, Optional<BucketCredentials> current) {
    requireValidName(user);
    String policy = BucketPolicy.forBucket(bucket);
    BucketCredentials credentials =
        current
            .filter(c -> c.accessKey().equals(user))
            .orElseGet(() -> new BucketCredentials(user, SecretKeys.generate()));
    calls.run(
        "write user " + user,
        () -> admin.addUser(user, UserInfo.Status.ENABLED, credentials.secretKey(), null, null));
    calls.run("write policy " + user, () -> admin.addCannedPolicy(user, policy));
    // Replaces every policy mapped to the user by this one.
    calls.run(
        "attach policy " + user + " to user " + user, () -> admin.setPolicy(user, false, user));
    return credentials;
  }

  void delete(String user) {
    requireValidName(user);
    // The user goes first: MinIO refuses to remove a policy that is still mapped to someone.
    ignoreMissing("XMinioAdminNoSuchUser", "delete user " + user, () -> admin.deleteUser(user));
    ignoreMissing(
        "XMinioAdminNoSuchPolicy", "delete policy " + user, () -> admin.removeCannedPolicy(user));
  }

  private void ignoreMissing(String missingCode, String what, MinioCalls.Action action) {
    try {
      calls.run(what, action);
    } catch (ObjectStoreException e) {
      // minio-admin reports refusals only as a RuntimeException carrying the JSON error body.
      if (e.getMessage() == null || !e.getMessage().contains(missingCode)) {
        throw e;
      }
    }
  }

  private static void requireValidName(String user) {
    if (user == null || !USER_NAME.matcher(user).matches()) {
      throw new IllegalArgumentException(
          "Invalid object-store user name '" + user + "': 3 to 64 of a-z, 0-9, '.', '_', '-'");
    }
  }
}
