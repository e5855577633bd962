package dev.sundae.chat.push;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.Dns;

/**
 * Name resolution for pushes: a push service's host name resolves to its public addresses only, and
 * the connection goes to an address this returned, so a member's endpoint cannot point the service
 * at its own network by a name that resolves there (no second lookup between check and connect,
 * which defeats DNS rebinding). TLS still verifies the name. Hosts of {@code
 * allowedInsecureOrigins} (a local push service in tests) resolve unfiltered.
 */
final class PushDns implements Dns {

  private final Set<String> allowedHosts;

  PushDns(List<String> allowedInsecureOrigins) {
    this.allowedHosts =
        allowedInsecureOrigins.stream()
            .filter(o -> !o.isBlank())
            .map(o -> URI.create(o.trim()).getHost())
            .filter(h -> h != null)
            .map(h -> h.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public List<InetAddress> lookup(String host) throws UnknownHostException {
    List<InetAddress> all = Arrays.asList(InetAddress.getAllByName(host));
    if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
      return all;
    }
    List<InetAddress> usable = all.stream().filter(PushDns::isPublic).toList();
    if (usable.isEmpty()) {
      throw new UnknownHostException(host + " has no public address");
    }
    return usable;
  }

  /** False for loopback, wildcard, link-local, private, shared (100.64/10), multicast, ULA. */
  static boolean isPublic(InetAddress address) {
    byte[] raw = address.getAddress();
    boolean uniqueLocal = raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
    boolean sharedAddressSpace = raw.length == 4 && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64;
    return !(address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()
        || uniqueLocal
        || sharedAddressSpace);
  }
}
