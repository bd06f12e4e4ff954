package dev.agentrelay.http;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * One plain TCP connection to the relay, for what an HTTP client library will not send: malformed requests,
 * headers written one line at a time, connections that say nothing. Blocking, for the test thread only; every
 * read waits at most 30 s, so "the relay closed the connection" is awaited, not timed.
 */
final class RawConnection implements AutoCloseable {

  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  private RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
  }

  static RawConnection connect(int port) {
    try {
      return new RawConnection(new Socket("127.0.0.1", port));
    } catch (IOException e) {
      throw new AssertionError("cannot connect: " + e, e);
    }
  }

  /** A response as read off the wire. */
  record Response(int status, String head, String body) {

    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    JsonObject json() {
      return new JsonObject(body);
    }

    /** As {@link Api.Reply}, for {@link BadInputTest#assertProblem}. */
    Api.Reply reply() {
      io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
      return new Api.Reply(status, headers, body);
    }
  }

  /** Writes {@code text} as ISO-8859-1 bytes: every char below 256 goes out as that one byte. */
  RawConnection send(String text) {
    return sendBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawConnection sendBytes(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new AssertionError("cannot write: " + e, e);
    }
  }

  /** Writes {@code text}, answering false instead of failing if the relay has closed the connection. */
  boolean trySend(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads one response whose body has a Content-Length (or runs to the close). */
  Response read() {
    Response response = readOrNull();
    if (response == null) {
      throw new AssertionError("the relay closed the connection without an answer");
    }
    return response;
  }

  /** Like {@link #read}, but null when the relay closes (or resets) the connection before answering anything. */
  Response readOrNull() {
    try {
      String head = readHead();
      if (head == null) {
        return null;
      }
      int status = Integer.parseInt(head.substring(9, 12));
      String length = new Response(status, head, "").header("Content-Length");
      byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
      return new Response(status, head, new String(body, StandardCharsets.UTF_8));
    } catch (SocketException reset) {
      return null;
    } catch (IOException e) {
      throw new AssertionError("cannot read: " + e, e);
    }
  }

  /** Waits until the relay closes the connection; answers what it sent before (empty if nothing). */
  String awaitClose() {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      byte[] chunk = new byte[4096];
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        received.write(chunk, 0, n);
      }
    } catch (SocketException reset) {
      // a reset is a close too: the relay closed while our bytes were unread
    } catch (IOException e) {
      throw new AssertionError("the relay did not close the connection: " + e, e);
    }
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  /** True when the relay closes the connection within {@code wait} without sending anything; false if still open. */
  boolean closedWithin(java.time.Duration wait) {
    try {
      socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
      try {
        int b = in.read();
        if (b >= 0) {
          throw new AssertionError("the relay sent a byte on a connection that sent nothing");
        }
        return true;
      } finally {
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      }
    } catch (java.net.SocketTimeoutException open) {
      return false;
    } catch (SocketException reset) {
      return true;
    } catch (IOException e) {
      throw new AssertionError("cannot read: " + e, e);
    }
  }

  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.length() == 0 ? null : head.toString();
      }
      head.append((char) b);
    }
    return head.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test socket twice is harmless
    }
  }
}
