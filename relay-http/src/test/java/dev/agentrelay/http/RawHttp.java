package dev.agentrelay.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests the Java clients refuse to send: control bytes in headers, invalid
 * UTF-8, any method name, any request target. One request per connection ({@code Connection: close}).
 */
final class RawHttp {

  private RawHttp() {
  }

  /**
   * The answer to one request. {@code status} is 0 when no status line came back; {@code streaming} when the
   * answer was an event stream, whose body is not read.
   */
  record Reply(int status, Map<String, String> headers, byte[] body, boolean streaming, boolean requestSent,
      String failure) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** The bytes of a request; {@code headers} are name and value pairs written as ISO-8859-1, unchecked. */
  static byte[] request(String method, String target, int port, List<String[]> headers, byte[] body) {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n");
    for (String[] header : headers) {
      head.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      bytes.writeBytes(body);
    }
    return bytes.toByteArray();
  }

  /** Sends {@code request} and reads the answer; {@code timeoutMillis} bounds each wait for bytes. */
  static Reply exchange(int port, byte[] request, int timeoutMillis) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(timeoutMillis);
      boolean sent = send(socket.getOutputStream(), request);
      return read(socket.getInputStream(), sent);
    } catch (SocketTimeoutException e) {
      return new Reply(0, Map.of(), new byte[0], false, true, "no answer within " + timeoutMillis + " ms");
    } catch (IOException e) {
      return new Reply(0, Map.of(), new byte[0], false, false, "connection failed: " + e.getMessage());
    }
  }

  /** False when the relay closed the connection before the whole request was written (a refused large body). */
  private static boolean send(OutputStream out, byte[] request) {
    try {
      out.write(request);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Reply read(InputStream in, boolean sent) throws IOException {
    byte[] head;
    try {
      head = readHead(in);
    } catch (IOException e) {
      if (e instanceof SocketTimeoutException) {
        throw (SocketTimeoutException) e;
      }
      return new Reply(0, Map.of(), new byte[0], false, sent, "connection reset: " + e.getMessage());
    }
    if (head.length == 0) {
      return new Reply(0, Map.of(), new byte[0], false, sent, "connection closed without an answer");
    }
    String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    int status = Integer.parseInt(statusLine[1]);
    String type = headers.getOrDefault("content-type", "");
    if (type.startsWith("text/event-stream")) {
      return new Reply(status, headers, new byte[0], true, sent, null);
    }
    byte[] body = readRest(in);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Reply(status, headers, body, false, sent, null);
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while (matched < 4 && (b = in.read()) != -1) {
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : 0;
    }
    return head.toByteArray();
  }

  private static byte[] readRest(InputStream in) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) != -1) {
        body.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // a reset after the answer: keep what came
    }
    return body.toByteArray();
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOfCrLf(chunked, at);
      if (lineEnd < 0) {
        break;
      }
      String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size = Integer.parseInt(sizeText, 16);
      if (size == 0) {
        break;
      }
      body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
      at = lineEnd + 2 + size + 2;
    }
    return body.toByteArray();
  }

  private static int indexOfCrLf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length - 1; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
