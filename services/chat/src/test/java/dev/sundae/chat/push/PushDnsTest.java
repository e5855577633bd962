package dev.sundae.chat.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushDnsTest {

  private final PushDns dns = new PushDns(List.of("http://127.0.0.1:8123"));

  @Test
  void aNameThatResolvesOnlyToThisMachineIsRefused() throws Exception {
    // a host name, not a literal: what SubscriptionCheck could not see at subscribe time
    assertThatThrownBy(() -> dns.lookup("localhost"))
        .isInstanceOf(UnknownHostException.class)
        .hasMessageContaining("no public address");
    String machine = InetAddress.getLocalHost().getHostName();
    assumeTrue(
        Arrays.stream(InetAddress.getAllByName(machine)).noneMatch(PushDns::isPublic),
        machine + " resolves to a public address here");
    assertThatThrownBy(() -> dns.lookup(machine)).isInstanceOf(UnknownHostException.class);
  }

  @Test
  void publicAddressesPassAndPrivateOnesAreDropped() throws Exception {
    assertThat(dns.lookup("93.184.215.14"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.215.14");
    for (String hidden :
        List.of(
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "0.0.0.0",
            "224.0.0.1")) {
      assertThat(PushDns.isPublic(InetAddress.getByName(hidden))).as(hidden).isFalse();
    }
    assertThat(PushDns.isPublic(InetAddress.getByName("100.128.0.1"))).isTrue();
  }

  @Test
  void theTestPushServicesHostIsLeftAlone() throws Exception {
    assertThat(dns.lookup("127.0.0.1"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("127.0.0.1");
  }
}
