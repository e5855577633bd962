package dev.sundae.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectCreatedEventTest {

  private static final String AWS =
      """
      {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1",
        "eventTime":"2025-06-01T10:15:30.123Z","eventName":"ObjectCreated:Put",
        "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"acme-frames","arn":"arn:aws:s3:::acme-frames"},
              "object":{"key":"frames/my+frame%C3%A9.jpg","size":1234,"eTag":"abc",
                        "versionId":"3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY","sequencer":"0055AED6DCD90281E5"}}}]}
      """;

  // what MinIO's webhook target posts: the same records inside its own envelope
  private static final String MINIO =
      """
      {"EventName":"s3:ObjectCreated:Put","Key":"acme-frames/frames/a.png",
       "Records":[{"eventVersion":"2.0","eventSource":"minio:s3","awsRegion":"",
         "eventTime":"2025-06-01T10:15:30.5Z","eventName":"s3:ObjectCreated:Put",
         "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"acme-frames"},
               "object":{"key":"frames%2Fa.png","size":99,"versionId":"null-or-uuid"}}},
        {"eventName":"s3:ObjectRemoved:Delete","s3":{"bucket":{"name":"acme-frames"},
               "object":{"key":"frames%2Fb.png"}}}]}
      """;

  @Test
  void parsesAnAwsNotificationAndDecodesTheKey() {
    assertThat(ObjectCreatedEvent.parse(AWS))
        .containsExactly(
            new ObjectCreatedEvent(
                "acme-frames",
                "frames/my frameé.jpg",
                "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
                1234,
                Optional.of(Instant.parse("2025-06-01T10:15:30.123Z"))));
  }

  @Test
  void parsesAMinioWebhookAndLeavesDeletionsOut() {
    assertThat(ObjectCreatedEvent.parse(MINIO))
        .containsExactly(
            new ObjectCreatedEvent(
                "acme-frames",
                "frames/a.png",
                "null-or-uuid",
                99,
                Optional.of(Instant.parse("2025-06-01T10:15:30.5Z"))));
  }

  @Test
  void givesNoEventsForAnS3TestEvent() {
    assertThat(
            ObjectCreatedEvent.parse(
                """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2025-06-01T10:15:30.000Z",
                 "Bucket":"acme-frames","RequestId":"X","HostId":"Y"}
                """))
        .isEmpty();
  }

  @Test
  void rejectsWhatIsNotANotification() {
    assertThatThrownBy(() -> ObjectCreatedEvent.parse("hello"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an S3 event notification");
  }

  @Test
  void rejectsARecordWithoutKey() {
    assertThatThrownBy(
            () ->
                ObjectCreatedEvent.parse(
                    "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\","
                        + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{}}}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without bucket or key");
  }

  @Test
  void rejectsABadEventTimeAsBadInput() {
    assertThatThrownBy(
            () -> ObjectCreatedEvent.parse(AWS.replace("2025-06-01T10:15:30.123Z", "yesterday")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("yesterday");
  }
}
