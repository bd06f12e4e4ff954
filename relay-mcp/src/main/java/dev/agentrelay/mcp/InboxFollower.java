package dev.agentrelay.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.client.EventStreamReader;
import dev.agentrelay.client.RelayHttp;
import dev.agentrelay.core.json.Json;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows one agent's inbox on the relay, on a thread of its own: first the items already waiting (read with
 * {@code GET /inbox}), then every new one from {@code GET /inbox/stream}, resumed with {@code Last-Event-ID} after a
 * drop or a relay restart, with growing back-off, for as long as it runs. Each item reaches the listener once, in
 * seq order. It only reads: acknowledging is the agent's decision.
 */
public final class InboxFollower {

  /** What the follower reports. Called on the follower's thread, never concurrently. */
  public interface Listener {

    /**
     * Once, before any {@link #arrived}: how many items were unacknowledged when the follower started, and the
     * first of them (at most {@link #SAMPLE}).
     */
    void pending(long count, List<JsonNode> first);

    /** A new item (an InboxItem as JSON). */
    void arrived(JsonNode item);

    /** This listener, then {@code next}. */
    default Listener and(Listener next) {
      Listener first = this;
      return new Listener() {
        @Override
        public void pending(long count, List<JsonNode> items) {
          first.pending(count, items);
          next.pending(count, items);
        }

        @Override
        public void arrived(JsonNode item) {
          first.arrived(item);
          next.arrived(item);
        }
      };
    }
  }

  /** How many of the waiting items {@link Listener#pending} is given. */
  public static final int SAMPLE = 5;

  private static final Logger LOG = Logger.getLogger(InboxFollower.class.getName());
  private static final int PAGE = 200;
  private static final Duration FIRST_RETRY = Duration.ofMillis(250);
  private static final Duration LAST_RETRY = Duration.ofSeconds(15);
  private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(30);
  /** The relay sends a comment every 15 s; a stream silent for this long is dead (a dropped network). */
  private static final Duration SILENCE = Duration.ofSeconds(50);

  private final RelayHttp relay;
  private final Listener listener;
  private final Duration silence;
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "relay-inbox-watchdog");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean running;
  private volatile InputStream open;
  private volatile long lastRead;
  private Thread thread;
  private long lastSeq = -1;
  private Duration retry = FIRST_RETRY;
  private boolean failing;

  /**
   * @param http asked for on the follower's thread, so that a client built on first use is not built by the caller
   * @param location the relay's base URL without a trailing slash, asked again before each connection
   */
  public InboxFollower(Supplier<HttpClient> http, Supplier<String> location, String apiKey, Listener listener) {
    this(http, location, apiKey, listener, SILENCE);
  }

  /** @param silence how long a stream may send nothing, not even a comment, before it is given up as dead */
  InboxFollower(Supplier<HttpClient> http, Supplier<String> location, String apiKey, Listener listener,
      Duration silence) {
    this.relay = new RelayHttp(http, location, apiKey);
    this.listener = listener;
    this.silence = silence;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "relay-inbox-follower");
    thread.setDaemon(true);
    thread.start();
    watchdog.scheduleWithFixedDelay(this::closeIfSilent, silence.toMillis(), silence.toMillis() / 5,
        TimeUnit.MILLISECONDS);
  }

  public synchronized void stop() {
    running = false;
    watchdog.shutdownNow();
    closeOpen();
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void run() {
    while (running) {
      try {
        if (lastSeq < 0) {
          readPending();
        }
        follow();
      } catch (IOException | RuntimeException e) {
        failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (running) {
        pause(retry);
        retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
      }
    }
  }

  /** Pages through the unacknowledged items to learn where the stream must resume. */
  private void readPending() throws IOException, InterruptedException {
    long after = 0;
    long count = 0;
    List<JsonNode> first = new ArrayList<>();
    while (true) {
      HttpResponse<byte[]> response = relay.send(relay.request("/api/v1/inbox?limit=" + PAGE + "&after=" + after)
          .timeout(HEADERS_TIMEOUT).GET().header("Accept", "application/json").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException("the relay answered HTTP " + response.statusCode() + " to GET /api/v1/inbox");
      }
      JsonNode items = Json.MAPPER.readTree(response.body()).path("items");
      for (JsonNode item : items) {
        count++;
        if (first.size() < SAMPLE) {
          first.add(item);
        }
        after = Math.max(after, item.path("seq").asLong());
      }
      if (items.size() < PAGE) {
        break;
      }
    }
    lastSeq = after;
    listener.pending(count, first);
  }

  private void follow() throws IOException, InterruptedException {
    HttpResponse<InputStream> response = relay.openStream("/api/v1/inbox/stream", HEADERS_TIMEOUT, lastSeq);
    try (InputStream body = watched(response.body())) {
      if (response.statusCode() != 200) {
        throw new IOException("the relay answered HTTP " + response.statusCode() + " to GET /api/v1/inbox/stream"
            + (response.statusCode() == 401 ? " (RELAY_API_KEY refused)" : ""));
      }
      connected();
      EventStreamReader reader = new EventStreamReader(body);
      EventStreamReader.Event event;
      while (running && (event = reader.next()) != null) {
        deliver(event);
      }
    } finally {
      open = null;
    }
    if (running) {
      failed("the inbox stream ended");
    }
  }

  private void deliver(EventStreamReader.Event event) throws IOException {
    long seq;
    try {
      seq = Long.parseLong(event.id());
    } catch (NumberFormatException e) {
      return; // not an inbox item
    }
    if (seq <= lastSeq) {
      return;
    }
    JsonNode item = Json.MAPPER.readTree(event.data());
    lastSeq = seq;
    listener.arrived(item);
  }

  private InputStream watched(InputStream body) {
    lastRead = System.nanoTime();
    InputStream stream = new FilterInputStream(body) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        lastRead = System.nanoTime();
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        lastRead = System.nanoTime();
        return n;
      }
    };
    open = stream;
    return stream;
  }

  private void closeIfSilent() {
    if (open != null && System.nanoTime() - lastRead > silence.toNanos()) {
      LOG.warning("the inbox stream has been silent for " + silence.toMillis() + " ms; reconnecting");
      closeOpen();
    }
  }

  private void closeOpen() {
    InputStream stream = open;
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException e) {
        // closing is all that was wanted
      }
    }
  }

  private void connected() {
    if (failing) {
      LOG.info("following the inbox again from seq " + lastSeq);
    }
    failing = false;
    retry = FIRST_RETRY;
  }

  /** Logged once per outage; the retries that follow are quiet. */
  private void failed(String reason) {
    if (!running) {
      return;
    }
    LOG.log(failing ? Level.FINE : Level.WARNING, "cannot follow the inbox at " + relay.location() + " (" + reason
        + "); retrying with back-off");
    failing = true;
  }

  private void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
