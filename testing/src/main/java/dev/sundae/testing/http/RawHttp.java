package dev.sundae.testing.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 requests written byte for byte, for what {@code java.net.http} refuses to send: a
 * malformed query string ({@code ?=x}), bad percent-encoding ({@code %zz}), a raw target. A
 * caller's mistakes reach a service this way, so the tests that the service answers them with a 4xx
 * problem must send them this way too.
 */
public final class RawHttp {

  private RawHttp() {}

  /** Status line and body of one request; the connection is closed after it. */
  public record Response(int status, String contentType, String body) {
    @Override
    public String toString() {
      return status + " " + contentType + " " + body;
    }
  }

  public static Response send(int port, String method, String target, String token, String body) {
    return send(port, method, target, token, body == null ? null : "application/json", body);
  }

  /** As {@link #send(int, String, String, String, String)}, with the body's Content-Type. */
  public static Response send(
      int port, String method, String target, String token, String contentType, String body) {
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder()
            .append(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    if (token != null) {
      head.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no HTTP response: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    String contentType = "";
    boolean chunked = false;
    for (String line : lines) {
      String lower = line.toLowerCase();
      if (lower.startsWith("content-type:")) {
        contentType = line.substring(line.indexOf(':') + 1).trim();
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    String body = text.substring(end + 4);
    return new Response(status, contentType, chunked ? unchunk(body) : body);
  }

  private static String unchunk(String body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    try {
      while (true) {
        StringBuilder size = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
          if (c != '\r') {
            size.append((char) c);
          }
        }
        int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
        if (n == 0) {
          return out.toString(StandardCharsets.UTF_8);
        }
        out.write(in.readNBytes(n));
        in.read(); // \r
        in.read(); // \n
      }
    } catch (IOException | NumberFormatException e) {
      return body;
    }
  }
}
