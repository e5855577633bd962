package dev.sundae.tenancy;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The credentials of a service's queue client when it is given no keys: in a cluster the operator
 * hands a workload none, since on AWS the Pod's IAM role is the credential (the AWS default chain
 * finds it). Where the chain finds nothing, requests go unsigned, which a queue service that checks
 * no credentials accepts (ElasticMQ, as in the kind cluster; before this, the gateway's bridge and
 * the worker failed there with "Unable to load credentials").
 */
public final class QueueCredentials {

  private QueueCredentials() {}

  public static AwsCredentialsProvider defaultOrAnonymous() {
    return AwsCredentialsProviderChain.builder()
        .credentialsProviders(
            DefaultCredentialsProvider.builder().build(), AnonymousCredentialsProvider.create())
        .build();
  }
}
