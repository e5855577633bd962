package dev.sundae.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client for the benchmark's load: one kept-alive connection, one request at a
 * time, the same request bytes every time. java.net.http.HttpClient spent a fifth of the
 * benchmark's CPU and queued its threads on shared selector locks; this costs next to nothing, so
 * the cores go to the gateway being measured. Not for anything but loopback load.
 */
final class LoopbackClient implements AutoCloseable {

  private final int port;
  private final byte[] request;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  LoopbackClient(int port, byte[] request) {
    this.port = port;
    this.request = request;
  }

  /** Sends the request, reads the whole response, returns its status code. */
  int send() throws IOException {
    if (socket == null) {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }
    out.write(request);
    out.flush();
    String statusLine = line();
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = 0;
    boolean chunked = false;
    boolean close = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase();
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    if (chunked) {
      for (long chunk = Long.parseLong(line(), 16); chunk > 0; chunk = Long.parseLong(line(), 16)) {
        in.skipNBytes(chunk);
        line();
      }
      line();
    } else {
      in.skipNBytes(length);
    }
    if (close) {
      close(); // the server ends kept-alive connections after a number of requests
    }
    return status;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      // closing a loopback socket; nothing to do
    }
    socket = null;
  }
}
