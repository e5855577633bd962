package dev.sundae.operator.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedrivePolicyTest {

  @Test
  void readsTheCountQuotedAsAwsWritesItOrBareAsElasticMqDoes() {
    var expected = new RedrivePolicy("arn:aws:sqs:eu-west-1:1:acme-dlq", 5);

    assertThat(
            RedrivePolicy.parse(
                "{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:1:acme-dlq\","
                    + "\"maxReceiveCount\":\"5\"}"))
        .contains(expected);
    assertThat(
            RedrivePolicy.parse(
                "{\"maxReceiveCount\": 5, \"deadLetterTargetArn\": \"arn:aws:sqs:eu-west-1:1:acme-dlq\"}"))
        .contains(expected);
    assertThat(RedrivePolicy.parse(expected.toJson())).contains(expected);
  }

  @Test
  void treatsAMissingOrBrokenPolicyAsNone() {
    assertThat(RedrivePolicy.parse(null)).isEmpty();
    assertThat(RedrivePolicy.parse("")).isEmpty();
    assertThat(RedrivePolicy.parse("{not json")).isEmpty();
    assertThat(RedrivePolicy.parse("{\"maxReceiveCount\":\"5\"}")).isEmpty();
  }
}
