package dev.agentrelay.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second address of one relay, standing in for another node: a TCP forwarder on a loopback port of its own that
 * passes every connection on to the relay and counts the request lines that went through it ("POST /api/v1/messages",
 * query strings left out), so that a test sees which requests a client sent to which "node".
 */
final class NodeForwarder implements AutoCloseable {

  private static final Pattern REQUEST_LINE =
      Pattern.compile("(GET|POST|PUT|PATCH|DELETE) (/[^ ?]*)[^ ]* HTTP/1\\.1\r\n");

  private final NetClient client;
  private final NetServer server;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  private NodeForwarder(Vertx vertx, int relayPort) {
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(in -> forward(in, relayPort));
  }

  static NodeForwarder start(Vertx vertx, int relayPort) {
    NodeForwarder forwarder = new NodeForwarder(vertx, relayPort);
    Bench.await(forwarder.server.listen(0, "127.0.0.1"), 10);
    return forwarder;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** How many requests of {@code methodAndPath} (e.g. "GET /api/v1/inbox/stream") went through here. */
  int requests(String methodAndPath) {
    AtomicInteger count = requests.get(methodAndPath);
    return count == null ? 0 : count.get();
  }

  private void forward(NetSocket in, int relayPort) {
    in.pause();
    client.connect(relayPort, "127.0.0.1").onComplete(connected -> {
      if (connected.failed()) {
        in.close();
        return;
      }
      NetSocket out = connected.result();
      RequestLines lines = new RequestLines();
      in.handler(chunk -> {
        lines.scan(chunk);
        out.write(chunk);
      });
      out.handler(in::write);
      in.closeHandler(v -> out.close());
      out.closeHandler(v -> in.close());
      in.resume();
    });
  }

  /** Finds request lines in one connection's bytes, whatever the chunks they arrive in. */
  private final class RequestLines {

    private String carry = "";

    void scan(Buffer chunk) {
      String text = carry + chunk.toString(StandardCharsets.ISO_8859_1);
      int lastLineEnd = text.lastIndexOf("\r\n");
      if (lastLineEnd < 0) {
        carry = text;
        return;
      }
      // a request line ends with CRLF: none is cut off before the last one, and none can start after it
      Matcher m = REQUEST_LINE.matcher(text.substring(0, lastLineEnd + 2));
      while (m.find()) {
        requests.computeIfAbsent(m.group(1) + " " + m.group(2), k -> new AtomicInteger()).incrementAndGet();
      }
      carry = text.substring(lastLineEnd + 2);
    }
  }

  @Override
  public void close() {
    Bench.await(server.close(), 10);
    Bench.await(client.close(), 10);
  }
}
