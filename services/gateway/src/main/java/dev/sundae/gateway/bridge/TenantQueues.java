package dev.sundae.gateway.bridge;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.tenancy.QueueCredentials;
import dev.sundae.tenancy.TenantConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends to tenants' queues; one SQS client per queue service (endpoint and region). */
@Component
class TenantQueues implements DisposableBean {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final AwsCredentialsProvider credentials;
  private final Map<String, SqsClient> clients = new ConcurrentHashMap<>();

  TenantQueues(GatewayProperties properties) {
    GatewayProperties.Bridge bridge = properties.bridge();
    this.credentials =
        bridge.accessKey() == null || bridge.accessKey().isBlank()
            ? QueueCredentials.defaultOrAnonymous()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(bridge.accessKey(), bridge.secretKey()));
  }

  /** Sends {@code body} to the tenant's queue; returns once SQS has accepted it. */
  String send(TenantConfig tenant, String body) {
    return client(tenant.queue())
        .sendMessage(m -> m.queueUrl(tenant.queue().url()).messageBody(body))
        .messageId();
  }

  private SqsClient client(TenantConfig.Queue queue) {
    return clients.computeIfAbsent(queue.endpoint() + "|" + queue.region(), key -> create(queue));
  }

  private SqsClient create(TenantConfig.Queue queue) {
    var builder =
        SqsClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(credentials)
            .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
    if (queue.region() != null && !queue.region().isBlank()) {
      builder.region(Region.of(queue.region()));
    }
    if (queue.endpoint() != null && !queue.endpoint().isBlank()) {
      builder.endpointOverride(URI.create(queue.endpoint()));
    }
    return builder.build();
  }

  @Override
  public void destroy() {
    clients.values().forEach(SqsClient::close);
  }
}
