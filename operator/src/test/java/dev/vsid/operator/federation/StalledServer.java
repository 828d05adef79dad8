package dev.vsid.operator.federation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TCP server on 127.0.0.1 that accepts connections and never sends a byte. */
final class StalledServer implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  StalledServer() throws IOException {
    listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptForever, "stalled-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "https://127.0.0.1:" + listener.getLocalPort() + "/";
  }

  private void acceptForever() {
    try {
      while (!listener.isClosed()) {
        held.add(listener.accept());
      }
    } catch (IOException e) {
      // Closed by the test.
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : held) {
      socket.close();
    }
  }
}
