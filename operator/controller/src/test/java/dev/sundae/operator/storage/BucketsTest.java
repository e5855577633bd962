package dev.sundae.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.operator.runtime.Ownership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BucketsTest {

  private static final BucketSpec SPEC =
      new BucketSpec("acme", 30, 7, Optional.empty(), Optional.empty(), Optional.of("arn:queue"));

  private final FakeBucketClient client = new FakeBucketClient();
  private final Buckets buckets = new Buckets(client);

  @Test
  void writesNothingToABucketThatMatchesItsSpec() {
    buckets.ensure(SPEC);
    client.writes.clear();

    buckets.ensure(SPEC);

    assertThat(client.writes).isEmpty();
  }

  @Test
  void writesOnlyWhatDrifted() {
    buckets.ensure(SPEC);
    client.lifecycles.put("acme", List.of(LifecycleRule.FOREIGN));
    client.writes.clear();

    buckets.ensure(SPEC);

    assertThat(client.writes).containsExactly("lifecycle");
  }

  @Test
  void encryptsANewBucketBeforeAnythingElseIsSet() {
    buckets.ensure(SPEC);

    assertThat(client.writes)
        .containsExactly("create", "encryption", "versioning", "notification", "lifecycle");
    assertThat(client.encrypted).containsEntry("acme", BucketEncryption.STORE_KEY);
  }

  @Test
  void givesEachBucketItsOwnKeyBeforeEncryptingWithIt() {
    List<String> created = new ArrayList<>();
    var perTenant =
        new Buckets(
            client,
            Optional.of(
                name -> {
                  created.add(name);
                  client.writes.add("key");
                }));

    perTenant.ensure(SPEC);

    assertThat(created).containsExactly("acme");
    assertThat(client.writes)
        .containsExactly("create", "key", "encryption", "versioning", "notification", "lifecycle");
    assertThat(client.encrypted).containsEntry("acme", BucketEncryption.kmsKey("acme"));
  }

  @Test
  void putsBackTheBucketsOwnKeyWhenItWasChangedByHand() {
    var perTenant = new Buckets(client, Optional.of(name -> {}));
    perTenant.ensure(SPEC);
    client.encrypted.put("acme", BucketEncryption.STORE_KEY);
    client.writes.clear();

    perTenant.ensure(SPEC);

    assertThat(client.writes).containsExactly("encryption");
    assertThat(client.encrypted).containsEntry("acme", BucketEncryption.kmsKey("acme"));
  }

  @Test
  void stopsBeforeEncryptingWhenTheKeyCannotBeMade() {
    var perTenant =
        new Buckets(
            client,
            Optional.of(
                name -> {
                  throw new ObjectStoreException("KMS refused key " + name);
                }));

    assertThatThrownBy(() -> perTenant.ensure(SPEC)).hasMessageContaining("KMS refused key acme");

    assertThat(client.writes).containsExactly("create");
  }

  @Test
  void putsBackDefaultEncryptionRemovedByHand() {
    buckets.ensure(SPEC);
    client.encrypted.clear();
    client.writes.clear();

    buckets.ensure(SPEC);

    assertThat(client.writes).containsExactly("encryption");
  }

  @Test
  void stopsBeforeVersioningWhenTheStoreCannotEncrypt() {
    client.canEncrypt = false;

    assertThatThrownBy(() -> buckets.ensure(SPEC)).hasMessageContaining("KMS not configured");

    assertThat(client.writes).containsExactly("create");
  }

  @Test
  void leavesOutTheAbortRuleForAStoreThatDropsIt() {
    client.keepsAbort = false;

    buckets.ensure(SPEC);

    assertThat(client.lifecycles.get("acme"))
        .allSatisfy(rule -> assertThat(rule.abortIncompleteUploadDays()).isEmpty());
  }

  @Test
  void keepsExpirationAndFailsWhenTheStoreRefusesTheColdTier() {
    var spec =
        new BucketSpec("acme", 90, 7, Optional.of(30), Optional.of("COLD"), Optional.empty());

    assertThatThrownBy(() -> buckets.ensure(spec))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("cold storage class 'COLD'");

    assertThat(client.lifecycles.get("acme"))
        .extracting(LifecycleRule::id)
        .containsExactlyInAnyOrder(LifecycleRule.RETENTION, LifecycleRule.DELETE_MARKERS);
  }

  @Test
  void putsTheTransitionInPlaceWhenTheStoreKnowsTheColdTier() {
    client.storageClasses = Set.of("GLACIER_IR");
    var spec =
        new BucketSpec("acme", 90, 7, Optional.of(30), Optional.of("GLACIER_IR"), Optional.empty());

    buckets.ensure(spec);

    assertThat(client.lifecycles.get("acme"))
        .filteredOn(LifecycleRule::isColdTier)
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.transitionDays()).contains(30);
              assertThat(rule.storageClass()).contains("GLACIER_IR");
            });
  }

  @Test
  void marksABucketAsItsTenantsAndRefusesItToAnotherWithoutTouchingIt() {
    Ownership first = new Ownership("11111111-aaaa", Optional.empty());
    Ownership second = new Ownership("22222222-bbbb", Optional.empty());
    buckets.ensure(SPEC, Optional.of(first));
    assertThat(client.tags.get("acme")).containsEntry(Ownership.MARK, "11111111-aaaa");
    client.lifecycles.put("acme", List.of(LifecycleRule.FOREIGN));
    client.writes.clear();

    assertThatThrownBy(() -> buckets.ensure(SPEC, Optional.of(second)))
        .isInstanceOf(Ownership.AdoptionRefusedException.class)
        .hasMessageContaining("11111111-aaaa")
        .hasMessageContaining("spec.adoptFrom");
    assertThat(client.writes).isEmpty();

    buckets.ensure(SPEC, Optional.of(new Ownership("22222222-bbbb", Optional.of("11111111-aaaa"))));
    assertThat(client.tags.get("acme")).containsEntry(Ownership.MARK, "22222222-bbbb");
    assertThatThrownBy(() -> buckets.ensure(SPEC, Optional.of(first)))
        .as("adopted: the old owner's mark is gone")
        .isInstanceOf(Ownership.AdoptionRefusedException.class);
  }

  @Test
  void marksAnUnmarkedBucketKeepingItsOtherTags() {
    buckets.ensure(SPEC);
    client.tags.put("acme", Map.of("cost-centre", "ice"));

    buckets.ensure(SPEC, Optional.of(new Ownership("33333333-cccc", Optional.empty())));

    assertThat(client.tags.get("acme"))
        .containsEntry("cost-centre", "ice")
        .containsEntry(Ownership.MARK, "33333333-cccc");
  }

  @Test
  void deletingAMissingBucketDoesNothing() {
    buckets.delete("gone");

    assertThat(client.writes).isEmpty();
  }

  /** Keeps buckets in maps and records which kinds of writes happened. */
  private static final class FakeBucketClient implements BucketClient {
    final List<String> writes = new ArrayList<>();
    final Map<String, Boolean> versioning = new HashMap<>();
    final Map<String, List<LifecycleRule>> lifecycles = new HashMap<>();
    final Map<String, List<NotificationRoute>> notifications = new HashMap<>();
    final Map<String, Map<String, String>> tags = new HashMap<>();
    final Map<String, BucketEncryption> encrypted = new HashMap<>();
    boolean keepsAbort = true;
    boolean canEncrypt = true;
    Set<String> storageClasses = Set.of();

    @Override
    public boolean exists(String bucket) {
      return versioning.containsKey(bucket);
    }

    @Override
    public void create(String bucket) {
      writes.add("create");
      versioning.put(bucket, false);
    }

    @Override
    public Map<String, String> tags(String bucket) {
      return tags.getOrDefault(bucket, Map.of());
    }

    @Override
    public void setTags(String bucket, Map<String, String> tags) {
      writes.add("tags");
      this.tags.put(bucket, Map.copyOf(tags));
    }

    @Override
    public boolean versioningEnabled(String bucket) {
      return versioning.get(bucket);
    }

    @Override
    public void enableVersioning(String bucket) {
      writes.add("versioning");
      versioning.put(bucket, true);
    }

    @Override
    public Optional<BucketEncryption> defaultEncryption(String bucket) {
      return Optional.ofNullable(encrypted.get(bucket));
    }

    @Override
    public void encryptByDefault(String bucket, BucketEncryption encryption) {
      if (!canEncrypt) {
        throw new ObjectStoreException("KMS not configured");
      }
      writes.add("encryption");
      encrypted.put(bucket, encryption);
    }

    @Override
    public List<LifecycleRule> lifecycle(String bucket) {
      return lifecycles.getOrDefault(bucket, List.of());
    }

    @Override
    public void setLifecycle(String bucket, List<LifecycleRule> rules) {
      for (LifecycleRule rule : rules) {
        if (rule.storageClass().filter(c -> !storageClasses.contains(c)).isPresent()) {
          throw new ObjectStoreException("InvalidStorageClass");
        }
      }
      writes.add("lifecycle");
      lifecycles.put(bucket, rules);
    }

    @Override
    public boolean refusedStorageClass(ObjectStoreException e) {
      return e.getMessage().equals("InvalidStorageClass");
    }

    @Override
    public boolean keepsAbortIncompleteUploads() {
      return keepsAbort;
    }

    @Override
    public List<NotificationRoute> notification(String bucket) {
      return notifications.getOrDefault(bucket, List.of());
    }

    @Override
    public void setNotification(String bucket, List<NotificationRoute> routes) {
      writes.add("notification");
      notifications.put(bucket, routes);
    }

    @Override
    public void deleteAllVersions(String bucket) {
      writes.add("delete versions");
    }

    @Override
    public void delete(String bucket) {
      writes.add("delete");
      versioning.remove(bucket);
    }

    @Override
    public void ping() {}
  }
}
