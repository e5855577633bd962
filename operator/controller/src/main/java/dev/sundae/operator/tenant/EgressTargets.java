package dev.sundae.operator.tenant;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The places a tenant's pods must reach besides DNS, their own namespace and public addresses, read
 * from the URLs its Environment and Tenant name (object store, queues, database, issuer, model): an
 * in-cluster Service ({@code <service>.<namespace>.svc[.<cluster domain>]}) or a private IP
 * literal. A host name outside the cluster needs nothing when it is public, and an {@code
 * egressCidrs} entry of the Environment when it is private: the operator does not resolve names,
 * whose addresses change under it.
 *
 * @param services in-cluster Services, reached through the pods their selector picks
 * @param cidrs private addresses and ranges
 */
record EgressTargets(Set<ClusterService> services, Set<String> cidrs) {

  /** A Service of the cluster, by namespace and name. */
  record ClusterService(String namespace, String name) {}

  /**
   * Every address no public host has (RFC 6890 special-purpose, private, shared and link-local
   * ranges): what the public rule of a tenant's egress leaves out, so that the pod network, the
   * nodes, the API server and a cloud's metadata service (169.254.169.254) stay unreachable.
   */
  static final List<String> NON_PUBLIC_IPV4 =
      List.of(
          "0.0.0.0/8",
          "10.0.0.0/8",
          "100.64.0.0/10",
          "127.0.0.0/8",
          "169.254.0.0/16",
          "172.16.0.0/12",
          "192.0.0.0/24",
          "192.168.0.0/16",
          "198.18.0.0/15",
          "224.0.0.0/3");

  static final List<String> NON_PUBLIC_IPV6 =
      List.of("::/128", "::1/128", "64:ff9b::/96", "fc00::/7", "fe80::/10");

  static EgressTargets of(Collection<String> urls, Collection<String> extraCidrs) {
    Set<ClusterService> services = new LinkedHashSet<>();
    Set<String> cidrs = new LinkedHashSet<>();
    for (String url : urls) {
      for (String host : hosts(url)) {
        clusterService(host).ifPresent(services::add);
        privateAddress(host).ifPresent(cidrs::add);
      }
    }
    cidrs.addAll(extraCidrs);
    return new EgressTargets(Set.copyOf(services), Set.copyOf(cidrs));
  }

  /** The hosts of an http(s) or JDBC URL (a JDBC URL may list several); none for s3:// or file:. */
  static List<String> hosts(String url) {
    if (url == null || url.isBlank()) {
      return List.of();
    }
    String text = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    int scheme = text.indexOf("://");
    if (scheme < 0) {
      return List.of();
    }
    String name = text.substring(0, scheme).toLowerCase(Locale.ROOT);
    if (!name.equals("http") && !name.equals("https") && !name.equals("postgresql")) {
      return List.of();
    }
    String rest = text.substring(scheme + 3);
    int end = rest.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int at = rest.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String authority = rest.substring(0, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    return java.util.Arrays.stream(authority.split(","))
        .map(EgressTargets::hostOf)
        .filter(h -> !h.isEmpty())
        .toList();
  }

  private static String hostOf(String hostPort) {
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close < 0 ? "" : hostPort.substring(1, close);
    }
    int colon = hostPort.indexOf(':');
    return (colon < 0 ? hostPort : hostPort.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

  private static Optional<ClusterService> clusterService(String host) {
    String[] labels = host.split("\\.");
    if (labels.length >= 3 && labels[2].equals("svc")) {
      return Optional.of(new ClusterService(labels[1], labels[0]));
    }
    return Optional.empty();
  }

  /** {@code host} as a /32 or /128 when it is an IP literal of no public host, but not loopback. */
  private static Optional<String> privateAddress(String host) {
    if (!isIpLiteral(host)) {
      return Optional.empty();
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host); // a literal: no lookup
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    if (address.isLoopbackAddress()) {
      return Optional.empty(); // a pod's loopback is the pod itself
    }
    boolean ipv4 = address.getAddress().length == 4;
    byte[] bytes = address.getAddress();
    boolean isPublic =
        ipv4
            ? NON_PUBLIC_IPV4.stream().noneMatch(range -> contains(range, bytes))
            : NON_PUBLIC_IPV6.stream().noneMatch(range -> contains(range, bytes));
    return isPublic
        ? Optional.empty()
        : Optional.of(address.getHostAddress() + (ipv4 ? "/32" : "/128"));
  }

  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  static boolean contains(String cidr, byte[] address) {
    String[] parts = cidr.split("/");
    byte[] network;
    try {
      network = InetAddress.getByName(parts[0]).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(cidr, e);
    }
    if (network.length != address.length) {
      return false;
    }
    int bits = Integer.parseInt(parts[1]);
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
