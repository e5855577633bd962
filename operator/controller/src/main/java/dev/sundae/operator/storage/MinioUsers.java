package dev.sundae.operator.storage;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.minio.admin.MinioAdminClient;
import io.minio.admin.UserInfo;
import io.minio.errors.ErrorResponseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Tenant users on MinIO's admin API: the user's name is its access key, and a canned policy of the
 * same name opens its bucket. Every call writes the policy and, when needed, the mapping: small
 * idempotent requests that undo any change made by hand. MinIO never reveals a user's secret key,
 * so whether the keys in hand still work is checked by using them (a HEAD on the bucket); only when
 * they don't is the user written again. That write carries the secret key encrypted with the
 * admin's ({@link AdminPayload}: PBKDF2, not minio-java's Argon2id, which cost 64 MiB and ~160 ms
 * of CPU on each side per user and was most of a new tenant's cost).
 */
final class MinioUsers {

  // MinIO wants at least 3 characters and no '=' or ','; this also keeps names readable in logs.
  private static final Pattern USER_NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{2,63}$");

  private final MinioAdminClient admin;
  private final MinioAdminApi api;
  private final MinioCalls calls;
  private final Function<BucketCredentials, MinioClient> clientFor;

  MinioUsers(
      MinioAdminClient admin,
      MinioAdminApi api,
      MinioCalls calls,
      Function<BucketCredentials, MinioClient> clientFor) {
    this.admin = admin;
    this.api = api;
    this.calls = calls;
    this.clientFor = clientFor;
  }

  BucketCredentials ensure(String user, String bucket, Optional<BucketCredentials> current) {
    requireValidName(user);
    String policy = BucketPolicy.forBucket(bucket);
    BucketCredentials credentials =
        current
            .filter(c -> c.accessKey().equals(user))
            .orElseGet(() -> new BucketCredentials(user, SecretKeys.generate()));
    calls.run("write policy " + user, () -> admin.addCannedPolicy(user, policy));
    Optional<UserInfo> info = userInfo(user);
    boolean enabled = info.map(i -> i.status() == UserInfo.Status.ENABLED).orElse(false);
    if (enabled && !user.equals(info.get().policyName())) {
      attach(user);
    }
    if (!enabled || current.isEmpty() || !keysOpen(credentials, bucket)) {
      api.putUser(user, credentials.secretKey());
      attach(user);
    }
    return credentials;
  }

  private Optional<UserInfo> userInfo(String user) {
    try {
      return Optional.of(calls.call("read user " + user, () -> admin.getUserInfo(user)));
    } catch (ObjectStoreException e) {
      if (e.getMessage() != null && e.getMessage().contains("XMinioAdminNoSuchUser")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private boolean keysOpen(BucketCredentials credentials, String bucket) {
    try {
      return clientFor
          .apply(credentials)
          .bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
    } catch (ErrorResponseException refused) {
      return false;
    } catch (Exception e) {
      throw new ObjectStoreException(
          "Cannot check the keys of " + credentials.accessKey() + ": " + e, e);
    }
  }

  // Replaces every policy mapped to the user by this one.
  private void attach(String user) {
    calls.run(
        "attach policy " + user + " to user " + user, () -> admin.setPolicy(user, false, user));
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
