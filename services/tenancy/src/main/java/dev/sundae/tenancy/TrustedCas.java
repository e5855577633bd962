package dev.sundae.tenancy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate authorities a Sundae process trusts besides the JDK's public ones: those that
 * sign the backends' certificates in a cluster that runs its own (MinIO, PostgreSQL). PEM text in
 * the variable {@value #VARIABLE}: the Helm chart sets it on the operator from a Secret, and the
 * operator hands the same text to every workload it runs, so the fact lives in one place.
 *
 * <p>Installed once, first thing in {@code main}, for the whole JVM: every client library Sundae
 * uses (the AWS SDK's URL-connection client, OkHttp under the MinIO client, the JDK's HTTP client,
 * Spring's JWT decoder, pgjdbc) builds its trust from the JVM's default trust store, and none of
 * them would take a CA one by one. So the JDK's {@code cacerts} plus these go into a PKCS12 file
 * under the temporary folder, which {@code javax.net.ssl.trustStore} names; the default {@link
 * SSLContext} is replaced as well, for code that asks it rather than a trust manager factory. Host
 * names are checked as before: trust is added, never a check removed.
 */
public final class TrustedCas {

  /** The environment variable with the PEM certificates, one or more. */
  public static final String VARIABLE = "SUNDAE_TRUSTED_CAS";

  /**
   * The environment variable naming a file of PEM certificates, for where the CA is made after the
   * process's environment is written (docker compose's {@code pki} job); added to {@value
   * #VARIABLE}'s when both are set, and a file that is missing or unreadable stops the start.
   */
  public static final String FILE_VARIABLE = "SUNDAE_TRUSTED_CAS_FILE";

  /** Both variables {@link #install} reads (a process reads them before its configuration). */
  public static final List<String> VARIABLES = List.of(VARIABLE, FILE_VARIABLE);

  /**
   * pgjdbc's factory that uses the JVM's trust store; without it, {@code sslmode=verify-full} reads
   * a root certificate from {@code ~/.postgresql/root.crt}, which no pod has.
   */
  static final String JVM_SSL_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

  private static final Pattern VERIFYING_SSL_MODE =
      Pattern.compile("[?&]sslmode=verify-(ca|full)(&|$)");
  private static final Pattern OWN_TRUST = Pattern.compile("[?&](sslfactory|sslrootcert)=");

  private TrustedCas() {}

  /**
   * Installs the CAs of {@value #VARIABLE}, if set, as described above.
   *
   * @return the number of certificates added to the JDK's
   */
  public static int install(Map<String, String> environment) {
    Optional<String> pem = pem(environment);
    if (pem.isEmpty()) {
      return 0;
    }
    try {
      KeyStore store = jdkTrustStore();
      int added = add(store, pem.get());
      char[] password = password();
      Path file =
          Files.createTempFile(
              "sundae-truststore",
              ".p12",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password);
      }
      System.setProperty("javax.net.ssl.trustStore", file.toString());
      System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
      System.setProperty("javax.net.ssl.trustStorePassword", new String(password));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      SSLContext.setDefault(context);
      return added;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trust store of " + VARIABLE, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          VARIABLE + " (with the file of " + FILE_VARIABLE + ") holds no usable certificate", e);
    }
  }

  /** The PEM text of {@value #VARIABLE} and of the file {@value #FILE_VARIABLE} names. */
  private static Optional<String> pem(Map<String, String> environment) {
    StringBuilder pem = new StringBuilder();
    Optional.ofNullable(environment.get(VARIABLE)).ifPresent(pem::append);
    Optional<String> file =
        Optional.ofNullable(environment.get(FILE_VARIABLE)).filter(name -> !name.isBlank());
    if (file.isPresent()) {
      try {
        pem.append('\n').append(Files.readString(Path.of(file.get()), StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new UncheckedIOException(
            FILE_VARIABLE + " names " + file.get() + ", which cannot be read", e);
      }
    }
    return Optional.of(pem.toString()).filter(text -> !text.isBlank());
  }

  /**
   * A JDBC URL that verifies the server's certificate ({@code sslmode=verify-ca} or {@code
   * verify-full}) and names no trust of its own checks it against the JVM's trust store, which
   * {@link #install} fills; any other URL is returned unchanged.
   */
  public static String jdbcUrlTrustingTheJvm(String jdbcUrl) {
    if (!VERIFYING_SSL_MODE.matcher(jdbcUrl).find() || OWN_TRUST.matcher(jdbcUrl).find()) {
      return jdbcUrl;
    }
    return jdbcUrl + "&sslfactory=" + JVM_SSL_FACTORY;
  }

  /** The certificates of a PEM text; refused when it holds none. */
  static Collection<? extends Certificate> certificates(String pem)
      throws GeneralSecurityException {
    Collection<? extends Certificate> certificates =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in the PEM text");
    }
    return certificates;
  }

  private static int add(KeyStore store, String pem) throws GeneralSecurityException {
    int i = 0;
    for (Certificate certificate : certificates(pem)) {
      store.setCertificateEntry("sundae-trusted-" + i++, certificate);
    }
    return i;
  }

  /** The JDK's own trust store (what a client trusts with no settings), as a copy to add to. */
  private static KeyStore jdkTrustStore() throws IOException, GeneralSecurityException {
    Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in = Files.newInputStream(cacerts)) {
      // cacerts is read without a password: its entries are certificates only
      store.load(in, null);
    }
    KeyStore copy = KeyStore.getInstance("PKCS12");
    copy.load(null, null);
    for (String alias : java.util.Collections.list(store.aliases())) {
      copy.setCertificateEntry(alias, store.getCertificate(alias));
    }
    return copy;
  }

  private static char[] password() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
  }
}
