package dev.sundae.operator.compose;

import static dev.sundae.operator.compose.ComposeFiles.group;
import static dev.sundae.operator.compose.ComposeFiles.required;
import static dev.sundae.operator.compose.ComposeFiles.write;

import dev.sundae.operator.tls.CertificateAuthority;
import dev.sundae.operator.tls.ServerCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The certificates of docker compose's servers, made by a one-shot job before any of them starts
 * (the {@code pki} service of docker-compose.yml): a CA of the compose project, made at the first
 * run and kept in the volume, and for each server a certificate for its compose name and {@code
 * localhost} (the name its published port is reached by from the machine), issued again at a run
 * that finds it no longer serving (another CA, other names, or within {@link
 * CertificateAuthority#RENEW_BEFORE} of its end). The operator's own CA code, as for an Environment
 * without cert-manager: nothing here is compose's own cryptography.
 *
 * <p>The folder's layout is MinIO's certs folder (which the other servers name file by file):
 *
 * <pre>
 *   ca.crt                 the CA's certificate: what every client trusts
 *   ca/ca.key              its key, root's alone (0600)
 *   SERVER/public.crt      the server's certificate
 *   SERVER/private.key     its key: owner root, group the server's, 0640 (PostgreSQL refuses more)
 *   SERVER/CAs/ca.crt      the CA again: MinIO trusts the servers it calls by this folder
 *   SERVER/identity        the hex SHA-256 of the certificate's public key: how KES names a
 *                          client that presents it (what `kes identity of` prints)
 * </pre>
 *
 * <p>Settings (environment): {@code SUNDAE_PKI_DIR}, and {@code SUNDAE_PKI_SERVERS}, the servers as
 * {@code name:gid} pairs separated by commas, gid being the group the server's image runs as.
 */
public final class ComposeCertificates {

  static final String CA_CERTIFICATE = "ca.crt";
  static final String CA_KEY = "ca/ca.key";
  static final String CERTIFICATE = "public.crt";
  static final String PRIVATE_KEY = "private.key";
  static final String TRUSTED = "CAs/ca.crt";
  static final String IDENTITY = "identity";

  private ComposeCertificates() {}

  public static void main(String[] args) {
    try {
      issue(System.getenv(), Instant.now(), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("ComposeCertificates: " + e.getMessage());
      System.exit(2);
    }
  }

  /**
   * Makes the CA if there is none and every server's certificate that is missing or no longer
   * serves at {@code now}, printing one line per server; sets owners and modes on every run.
   *
   * @return the servers whose certificate was issued by this run
   */
  static List<String> issue(Map<String, String> env, Instant now, PrintStream out) {
    Path dir = Path.of(required(env, "SUNDAE_PKI_DIR"));
    Map<String, Integer> servers = servers(required(env, "SUNDAE_PKI_SERVERS"));
    CertificateAuthority ca = authority(dir, now, out);
    List<String> issued = new ArrayList<>();
    for (Map.Entry<String, Integer> server : servers.entrySet()) {
      String name = server.getKey();
      int gid = server.getValue();
      Path folder = dir.resolve(name);
      List<String> dnsNames = List.of(name, "localhost");
      Path certificate = folder.resolve(CERTIFICATE);
      if (ca.stillServes(readOrNull(certificate), dnsNames, now)
          && Files.exists(folder.resolve(PRIVATE_KEY))) {
        out.printf("%s: certificate kept%n", name);
      } else {
        ServerCertificate made = ca.issue(dnsNames, now);
        // the key first: a certificate never sits beside another certificate's key for long
        write(folder.resolve(PRIVATE_KEY), made.keyPem(), "rw-r-----", OptionalInt.of(gid));
        write(certificate, made.certificatePem(), "rw-r--r--", OptionalInt.empty());
        out.printf("%s: certificate issued for %s%n", name, String.join(", ", dnsNames));
        issued.add(name);
      }
      write(folder.resolve(TRUSTED), ca.certificatePem(), "rw-r--r--", OptionalInt.empty());
      write(
          folder.resolve(IDENTITY),
          identity(readOrNull(certificate)) + "\n",
          "rw-r--r--",
          OptionalInt.empty());
      // a kept key too: the server's group may have changed since
      group(folder.resolve(PRIVATE_KEY), gid);
    }
    return issued;
  }

  /** The CA of the folder, made and written when there is none. */
  private static CertificateAuthority authority(Path dir, Instant now, PrintStream out) {
    String certificate = readOrNull(dir.resolve(CA_CERTIFICATE));
    String key = readOrNull(dir.resolve(CA_KEY));
    if (certificate != null && key != null) {
      out.println("CA kept: " + dir.resolve(CA_CERTIFICATE));
      return CertificateAuthority.fromPem(certificate, key);
    }
    if (certificate != null || key != null) {
      throw new IllegalArgumentException(
          dir + " holds half a CA (" + CA_CERTIFICATE + " or " + CA_KEY + " alone): remove it");
    }
    CertificateAuthority ca = CertificateAuthority.generate("sundae-compose", now);
    write(dir.resolve(CA_KEY), ca.keyPem(), "rw-------", OptionalInt.empty());
    try {
      Files.setPosixFilePermissions(
          dir.resolve(CA_KEY).getParent(), PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + dir.resolve(CA_KEY).getParent(), e);
    }
    write(dir.resolve(CA_CERTIFICATE), ca.certificatePem(), "rw-r--r--", OptionalInt.empty());
    out.println("CA made: " + dir.resolve(CA_CERTIFICATE));
    return ca;
  }

  /** {@code name:gid,...} in order; refused when a name is no host name or a gid no number. */
  static Map<String, Integer> servers(String value) {
    Map<String, Integer> servers = new LinkedHashMap<>();
    for (String entry : value.split(",")) {
      String[] parts = entry.trim().split(":", -1);
      if (parts.length != 2 || !parts[0].matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
        throw new IllegalArgumentException(
            "SUNDAE_PKI_SERVERS: '" + entry.trim() + "' is not name:gid (a compose service name)");
      }
      try {
        servers.put(parts[0], Integer.parseInt(parts[1]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "SUNDAE_PKI_SERVERS: the group of " + parts[0] + " is no number: " + parts[1], e);
      }
    }
    return servers;
  }

  /** KES's identity of a certificate: the SHA-256 of its SubjectPublicKeyInfo, in hex. */
  static String identity(String certificatePem) {
    try {
      Certificate certificate =
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the certificate it just wrote", e);
    }
  }

  private static String readOrNull(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
