package dev.sundae.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BucketSpecTest {

  @Test
  void rejectsNamesThatS3Refuses() {
    for (String name : new String[] {"ab", "Acme", "acme_bucket", "-acme", "acme\"}", ""}) {
      assertThatThrownBy(() -> spec(name, 30, Optional.empty(), Optional.empty()))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void wantsColdTierDaysAndStorageClassTogetherAndBeforeExpiry() {
    assertThatThrownBy(() -> spec("acme", 30, Optional.of(10), Optional.empty()))
        .hasMessageContaining("together");
    assertThatThrownBy(() -> spec("acme", 30, Optional.of(30), Optional.of("GLACIER_IR")))
        .hasMessageContaining("coldTierDays");
  }

  @Test
  void policyOpensTheOneBucketAndItsObjectsOnly() throws Exception {
    JsonNode policy = new ObjectMapper().readTree(BucketPolicy.forBucket("tenant-a"));

    assertThat(policy.findValues("Resource").toString())
        .isEqualTo("[[\"arn:aws:s3:::tenant-a\"], [\"arn:aws:s3:::tenant-a/*\"]]");
    assertThat(policy.findValues("Action").toString())
        .doesNotContain("*\"")
        .contains("s3:GetObjectVersion", "s3:ListBucketVersions");
  }

  private static BucketSpec spec(
      String name, int retention, Optional<Integer> coldDays, Optional<String> coldClass) {
    return new BucketSpec(name, retention, 7, coldDays, coldClass, Optional.empty());
  }
}
