package dev.sundae.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Readiness checks for servers on this machine's loopback interface. */
public final class Probes {

  private static final SSLContext TRUSTING = trustingLoopbackCertificates();

  private Probes() {}

  /** True when {@code url} answers 200; a loopback server's self-signed certificate is accepted. */
  public static boolean httpOk(String url) {
    if (!url.startsWith("http://127.0.0.1") && !url.startsWith("https://127.0.0.1")) {
      throw new IllegalArgumentException("probes only reach loopback servers: " + url);
    }
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      if (connection instanceof HttpsURLConnection https) {
        // the server made its own certificate for a host name, and we reach it by IP
        https.setSSLSocketFactory(TRUSTING.getSocketFactory());
        https.setHostnameVerifier((host, session) -> "127.0.0.1".equals(host));
      }
      connection.setConnectTimeout(2000);
      connection.setReadTimeout(2000);
      return connection.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  /** True when something accepts TCP connections on the loopback port. */
  public static boolean listening(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // Only for probes of servers this test run started itself on 127.0.0.1 with certificates they
  // generated; never used for a connection that carries data.
  private static SSLContext trustingLoopbackCertificates() {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
