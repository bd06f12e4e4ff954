package dev.agentrelay.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A network that drops without closing the connection cannot be made with a real relay, so a stand-in answers
 * the two calls the follower makes and then falls silent, as a dead link does.
 */
class InboxFollowerSilenceTest {

  final BlockingQueue<String> resumedAfter = new LinkedBlockingQueue<>();
  final BlockingQueue<JsonNode> arrived = new LinkedBlockingQueue<>();
  final AtomicInteger streams = new AtomicInteger();
  final CountDownLatch done = new CountDownLatch(1);
  final ExecutorService threads = Executors.newCachedThreadPool();
  HttpServer relay;
  InboxFollower follower;

  @AfterEach
  void stop() {
    done.countDown();
    follower.stop();
    relay.stop(0);
    threads.shutdownNow();
  }

  @Test
  void aStreamThatFallsSilentIsDroppedAndResumedAfterTheLastItem() throws Exception {
    relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    relay.setExecutor(threads);
    relay.createContext("/api/v1/inbox", exchange -> answer(exchange, "{\"items\":[],\"next_after\":0,\"pending\":0}"));
    relay.createContext("/api/v1/inbox/stream", this::stream);
    relay.start();
    String url = "http://127.0.0.1:" + relay.getAddress().getPort();
    HttpClient client = HttpClient.newHttpClient();
    follower = new InboxFollower(() -> client, () -> url, "key", new InboxFollower.Listener() {
      @Override
      public void pending(long count, List<JsonNode> first) {
      }

      @Override
      public void arrived(JsonNode item) {
        arrived.add(item);
      }
    }, Duration.ofMillis(300));
    follower.start();

    assertThat(resumedAfter.poll(10, TimeUnit.SECONDS)).isEqualTo("0");
    assertThat(arrived.poll(10, TimeUnit.SECONDS).path("seq").asLong()).isEqualTo(5);
    assertThat(resumedAfter.poll(10, TimeUnit.SECONDS)).as("reconnected after the silence").isEqualTo("5");
    assertThat(arrived.poll(10, TimeUnit.SECONDS).path("seq").asLong()).isEqualTo(6);
  }

  /** Each connection sends one item, seq 5 then 6, and then nothing at all. */
  private void stream(HttpExchange exchange) throws IOException {
    resumedAfter.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
    long seq = 4 + streams.incrementAndGet();
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream body = exchange.getResponseBody();
    body.write(("retry: 2000\n\n: keep-alive\n\nid: " + seq + "\nevent: message.new\ndata: {\"seq\":" + seq
        + ",\"event\":\"message.new\"}\n\n").getBytes(StandardCharsets.UTF_8));
    body.flush();
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void answer(HttpExchange exchange, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
