package dev.sundae.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.tenant.EgressTargets.ClusterService;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressTargetsTest {

  @Test
  void findsInClusterServicesInEveryKindOfUrl() {
    EgressTargets targets =
        EgressTargets.of(
            List.of(
                "http://minio.backends.svc.cluster.local:9000",
                "http://elasticmq.backends.svc:9324/",
                "jdbc:postgresql://pg-rw.db.svc.cluster.local:5432/sundae?sslmode=require",
                "https://keycloak.id.svc.cluster.local/realms/acme"),
            List.of());

    assertThat(targets.services())
        .containsExactlyInAnyOrder(
            new ClusterService("backends", "minio"),
            new ClusterService("backends", "elasticmq"),
            new ClusterService("db", "pg-rw"),
            new ClusterService("id", "keycloak"));
    assertThat(targets.cidrs()).isEmpty();
  }

  @Test
  void allowsPrivateIpLiteralsOneByOneAndLeavesPublicNamesToThePublicRule() {
    EgressTargets targets =
        EgressTargets.of(
            List.of(
                "jdbc:postgresql://10.0.4.7:5432,10.0.4.8:5432/sundae",
                "http://[fd00::12]:9000",
                "https://s3.eu-west-1.amazonaws.com",
                "https://203.0.113.9/realms/acme",
                "http://127.0.0.1:9324"),
            List.of("10.20.0.0/16"));

    assertThat(targets.services()).isEmpty();
    assertThat(targets.cidrs())
        .containsExactlyInAnyOrder(
            "10.0.4.7/32", "10.0.4.8/32", "fd00:0:0:0:0:0:0:12/128", "10.20.0.0/16");
  }

  @Test
  void readsNoHostFromUrlsThatNameNoServer() {
    assertThat(EgressTargets.hosts("s3://models/acme.pt")).isEmpty();
    assertThat(EgressTargets.hosts("file:///models/acme.pt")).isEmpty();
    assertThat(EgressTargets.hosts(null)).isEmpty();
    assertThat(EgressTargets.hosts("https://user:pw@id.example:8443/x"))
        .containsExactly("id.example");
  }

  @Test
  void leavesOutOfThePublicRuleTheMetadataServiceAndEveryPrivateRange() throws Exception {
    for (String address :
        List.of(
            "169.254.169.254",
            "10.96.0.1",
            "172.18.0.2",
            "192.168.1.1",
            "100.64.0.1",
            "127.0.0.1")) {
      byte[] bytes = InetAddress.getByName(address).getAddress();
      assertThat(EgressTargets.NON_PUBLIC_IPV4)
          .as(address)
          .anyMatch(range -> EgressTargets.contains(range, bytes));
    }
    byte[] publicAddress = InetAddress.getByName("203.0.113.9").getAddress();
    assertThat(EgressTargets.NON_PUBLIC_IPV4)
        .noneMatch(range -> EgressTargets.contains(range, publicAddress));
    byte[] metadataV6 = InetAddress.getByName("fd00:ec2::254").getAddress();
    assertThat(EgressTargets.NON_PUBLIC_IPV6)
        .anyMatch(range -> EgressTargets.contains(range, metadataV6));
  }
}
