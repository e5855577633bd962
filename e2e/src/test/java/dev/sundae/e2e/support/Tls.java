package dev.sundae.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the test's clients trust: the platform's CA (the file {@code tls.ca} of {@code
 * e2e.properties}, where the platform serves HTTPS: the gateway, the chats, MinIO on kind) and
 * nothing else; the JDK's default where it does not. Host names are checked as any client checks
 * them.
 */
final class Tls {

  private Tls() {}

  static SSLContext trusting(String caFile) {
    try {
      TrustManager[] trustManagers = trustManagers(caFile);
      if (trustManagers == null) {
        return SSLContext.getDefault();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caFile, e);
    }
  }

  /** The trust managers of {@link #trusting}; null (the JDK's) without a CA file. */
  static TrustManager[] trustManagers(String caFile) {
    try {
      if (caFile == null || caFile.isBlank()) {
        return null;
      }
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(Path.of(caFile))) {
        int i = 0;
        for (Certificate certificate :
            CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          trust.setCertificateEntry("ca-" + i++, certificate);
        }
      }
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      return trustManagers.getTrustManagers();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caFile, e);
    }
  }
}
