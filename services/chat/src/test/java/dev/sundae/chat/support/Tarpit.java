package dev.sundae.chat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server that accepts every connection and never answers, as a hostile push service would: each
 * request to it lasts as long as the client's timeout. It records when it accepted each connection.
 */
public final class Tarpit implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final List<Instant> accepted = new CopyOnWriteArrayList<>();

  public Tarpit() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "tarpit");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        accepted.add(Instant.now());
        held.add(socket);
      } catch (IOException e) {
        return;
      }
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String origin() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** When it accepted each connection so far, in order. */
  public List<Instant> accepted() {
    return List.copyOf(accepted);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : held) {
      socket.close();
    }
  }
}
