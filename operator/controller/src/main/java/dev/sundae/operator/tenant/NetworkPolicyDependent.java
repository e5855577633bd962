package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.Tenant;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant's network: traffic into its pods only from its own namespace and the Environment's
 * (the shared gateway and event bridge), so another tenant's pods never reach them; traffic out
 * only to DNS, its own namespace, public addresses (Web Push, AWS endpoints) and the backends its
 * Environment and Tenant name ({@link EgressTargets}): an in-cluster backend through the pods its
 * Service selects, a private one by address. The pod network, the nodes, the API server, the
 * operator and a cloud's metadata service are out of reach, so a compromised workload or a forged
 * push endpoint cannot use the pod as a way in.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = TenantObjects.SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class NetworkPolicyDependent
    extends CRUDNoGCKubernetesDependentResource<NetworkPolicy, Tenant> {

  static final String NAME = "network-policy";
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
  private static final int DNS_PORT = 53;

  NetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    EgressTargets targets = targets(tenant, tenantContext.environment());
    return new NetworkPolicyBuilder()
        .withMetadata(TenantObjects.metadata(tenantContext, "sundae-tenant-isolation"))
        .withNewSpec()
        .withNewPodSelector()
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .addNewFrom()
        .withNewPodSelector()
        .endPodSelector()
        .endFrom()
        .addToFrom(namespace(tenantContext.environment().getSpec().getNamespace()))
        .endIngress()
        .withEgress(egress(targets, context))
        .endSpec()
        .build();
  }

  static EgressTargets targets(Tenant tenant, Environment environment) {
    EnvironmentSpec spec = environment.getSpec();
    List<String> urls = new ArrayList<>();
    urls.add(spec.getObjectStore().getEndpoint());
    if (spec.getQueue() != null) {
      urls.add(spec.getQueue().getEndpoint());
    }
    urls.add(spec.getDatabase().getJdbcUrl());
    if (tenant.getSpec().getIdentity() != null) {
      urls.add(tenant.getSpec().getIdentity().getIssuer());
    }
    if (tenant.getSpec().getInference() != null) {
      urls.add(tenant.getSpec().getInference().getModelUri());
      if (tenant.getSpec().getInference().getCandidate() != null) {
        urls.add(tenant.getSpec().getInference().getCandidate().getModelUri());
      }
    }
    List<String> extra =
        spec.getNetwork() == null || spec.getNetwork().getEgressCidrs() == null
            ? List.of()
            : spec.getNetwork().getEgressCidrs();
    return EgressTargets.of(urls, extra);
  }

  private static List<NetworkPolicyEgressRule> egress(
      EgressTargets targets, Context<Tenant> context) {
    List<NetworkPolicyEgressRule> rules = new ArrayList<>();
    // DNS wherever the cluster serves it (CoreDNS pods, a node-local cache)
    rules.add(
        new NetworkPolicyEgressRuleBuilder()
            .addNewPort()
            .withProtocol("UDP")
            .withPort(new IntOrString(DNS_PORT))
            .endPort()
            .addNewPort()
            .withProtocol("TCP")
            .withPort(new IntOrString(DNS_PORT))
            .endPort()
            .build());
    List<NetworkPolicyPeer> peers = new ArrayList<>();
    peers.add(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build());
    peers.add(publicAddresses("0.0.0.0/0", EgressTargets.NON_PUBLIC_IPV4));
    peers.add(publicAddresses("::/0", EgressTargets.NON_PUBLIC_IPV6));
    targets.services().stream()
        .sorted(
            Comparator.comparing(EgressTargets.ClusterService::namespace)
                .thenComparing(EgressTargets.ClusterService::name))
        .map(service -> servicePods(service, context))
        .forEach(peers::add);
    targets.cidrs().stream()
        .sorted()
        .map(cidr -> new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr).endIpBlock())
        .map(NetworkPolicyPeerBuilder::build)
        .forEach(peers::add);
    rules.add(new NetworkPolicyEgressRuleBuilder().withTo(peers).build());
    return rules;
  }

  private static NetworkPolicyPeer publicAddresses(String all, List<String> except) {
    return new NetworkPolicyPeerBuilder()
        .withNewIpBlock()
        .withCidr(all)
        .withExcept(except)
        .endIpBlock()
        .build();
  }

  /**
   * The pods behind an in-cluster backend: those its Service selects, in its namespace; the whole
   * namespace when the Service is missing or selects nothing itself (its endpoints kept by hand).
   */
  private static NetworkPolicyPeer servicePods(
      EgressTargets.ClusterService service, Context<Tenant> context) {
    Map<String, String> selector =
        Optional.ofNullable(
                context
                    .getClient()
                    .services()
                    .inNamespace(service.namespace())
                    .withName(service.name())
                    .get())
            .map(Service::getSpec)
            .map(s -> s.getSelector())
            .filter(s -> !s.isEmpty())
            .orElse(Map.of());
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(
            new LabelSelectorBuilder()
                .addToMatchLabels(NAMESPACE_NAME_LABEL, service.namespace())
                .build())
        .withPodSelector(new LabelSelectorBuilder().addToMatchLabels(selector).build())
        .build();
  }

  private static NetworkPolicyPeer namespace(String name) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(
            new LabelSelectorBuilder().addToMatchLabels(NAMESPACE_NAME_LABEL, name).build())
        .build();
  }
}
