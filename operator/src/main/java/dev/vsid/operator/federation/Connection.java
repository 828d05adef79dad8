package dev.vsid.operator.federation;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection, run on a thread of its own: TLS handshake, one request head, one answer,
 * close. Two alarms bound it: if the handshake and the request head are not complete by the request
 * deadline, the socket is closed (each read also times out after that long, but a client that
 * trickles bytes would reset a read timeout); at the exchange deadline the socket is closed
 * whatever is happening and the thread interrupted (a slow bundle callback, a client that does not
 * read the answer).
 */
final class Connection implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  /** What a listener gives each of its connections. */
  record Context(
      SSLSocketFactory tls,
      SSLParameters parameters,
      BundleHandler handler,
      Duration requestDeadline,
      Duration exchangeDeadline,
      ConnectionThreads threads) {}

  private final Socket socket;
  private final AutoCloseable slot;
  private final Context context;
  private final Consumer<Connection> onEnd;
  private Thread thread;
  private boolean requestRead;
  private boolean running = true;

  Connection(Socket socket, AutoCloseable slot, Context context, Consumer<Connection> onEnd) {
    this.socket = socket;
    this.slot = slot;
    this.context = context;
    this.onEnd = onEnd;
  }

  @Override
  public void run() {
    synchronized (this) {
      thread = Thread.currentThread();
    }
    ScheduledFuture<?> request = context.threads().alarm(context.requestDeadline(), this::late);
    ScheduledFuture<?> exchange = context.threads().alarm(context.exchangeDeadline(), this::cut);
    try {
      exchange();
    } catch (IOException | RuntimeException e) {
      log.debug(
          "bundle endpoint connection from {} ended: {}", socket.getInetAddress(), e.toString());
    } finally {
      request.cancel(false);
      exchange.cancel(false);
      end();
    }
  }

  /** Closes the connection now, and interrupts its thread if it is still running. */
  synchronized void cut() {
    closeQuietly(socket);
    if (running && thread != null) {
      running = false;
      thread.interrupt();
    }
  }

  private void exchange() throws IOException {
    socket.setSoTimeout((int) context.requestDeadline().toMillis());
    socket.setTcpNoDelay(true);
    try (SSLSocket tls =
        (SSLSocket) context.tls().createSocket(socket, null, socket.getPort(), false)) {
      tls.setUseClientMode(false);
      tls.setSSLParameters(context.parameters());
      tls.startHandshake();
      byte[] answer = answer(tls);
      OutputStream out = tls.getOutputStream();
      out.write(answer);
      out.flush();
    }
  }

  private byte[] answer(SSLSocket tls) throws IOException {
    RequestHead head;
    try {
      head = RequestHead.read(new BufferedInputStream(tls.getInputStream(), 2048));
    } catch (RequestHead.Refused e) {
      markRequestRead();
      log.debug(
          "bundle endpoint request from {} refused: {}", socket.getInetAddress(), e.getMessage());
      return BundleHandler.refusal(e.status);
    }
    markRequestRead();
    return context.handler().answer(head);
  }

  private synchronized void markRequestRead() {
    requestRead = true;
  }

  /** The request deadline: closes a connection still in its handshake or request head. */
  private synchronized void late() {
    if (!requestRead) {
      closeQuietly(socket);
    }
  }

  private void end() {
    synchronized (this) {
      if (!running) {
        Thread.interrupted();
      }
      running = false;
    }
    closeQuietly(socket);
    closeQuietly(slot);
    onEnd.accept(this);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is all that is left to do.
    }
  }
}
