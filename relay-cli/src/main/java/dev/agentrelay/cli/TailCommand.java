package dev.agentrelay.cli;

import dev.agentrelay.client.EventStreamReader;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code relay tail}: follows {@code GET /inbox/stream}, one line per event. A dropped or silent connection
 * is opened again after the server's {@code retry:} delay (growing while the relay stays away) with
 * {@code Last-Event-ID}, so every item comes once. Only the first connection failing is an error.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Follow your inbox live: first the unacknowledged items, then each new one, one line each.",
        "Reconnects after a dropped connection and resumes where it stopped (Last-Event-ID).",
        "Does not acknowledge: use inbox --ack. Runs until interrupted or --count events."})
final class TailCommand implements Callable<Integer> {

  private static final long DEFAULT_RETRY_MILLIS = 2000; // until the relay's retry: line says otherwise
  private static final long MIN_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 30_000;

  @Mixin
  ConnectionOptions relay;

  @Option(names = "--after", paramLabel = "SEQ", description = "start after this seq (default: every unacked item)")
  Long after;

  @Option(names = {"-n", "--count"}, paramLabel = "N", description = "exit after N events")
  Integer count;

  @Option(names = "--agent", paramLabel = "AGENT_ID", description = "another agent's inbox (tier 1)")
  String agent;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "reconnect after this long without a byte, keep-alives included"
          + " (default ${DEFAULT-VALUE}; 0: never)")
  int idleTimeoutSeconds;

  private Long lastSeq;
  private int printed;
  private boolean connected;
  private long retryMillis = DEFAULT_RETRY_MILLIS;

  @Override
  public Integer call() throws InterruptedException {
    if (count != null && count < 1) {
      throw relay.usage("--count must be at least 1");
    }
    RelayClient client = relay.client();
    Map<String, Object> params = RelayClient.params();
    params.put("agent_id", agent);
    String path = "/inbox/stream" + RelayClient.query(params);
    lastSeq = after;
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "relay-tail-idle");
      thread.setDaemon(true);
      return thread;
    });
    try {
      follow(client, path, watchdog);
    } finally {
      watchdog.shutdownNow();
    }
    return 0;
  }

  private void follow(RelayClient client, String path, ScheduledExecutorService watchdog) throws InterruptedException {
    int failures = 0;
    while (true) {
      String why;
      try {
        why = readOnce(client, path, watchdog);
        if (why == null) {
          return;
        }
        failures = 0;
      } catch (CliFailure | RelayProblem e) {
        if (!connected || e instanceof RelayProblem problem && !problem.retryable()) {
          throw e; // a wrong URL or key, or a refusal: waiting would not help
        }
        failures++;
        why = e.getMessage();
      }
      long delay = Math.min(MAX_RETRY_MILLIS, Math.max(MIN_RETRY_MILLIS, retryMillis) << Math.min(failures, 5));
      note(why + "; reconnecting in " + delay + " ms" + (lastSeq == null ? "" : ", after #" + lastSeq));
      Thread.sleep(delay);
    }
  }

  /** One connection: null once --count events are printed, else why it ended. */
  private String readOnce(RelayClient client, String path, ScheduledExecutorService watchdog) {
    try (EventStreamReader stream = new EventStreamReader(client.stream(path, lastSeq))) {
      connected = true;
      ScheduledFuture<?> idleCheck = idleTimeoutSeconds > 0 ? watchIdle(stream, watchdog) : null;
      try {
        return readEvents(stream) ? null : "the stream ended";
      } finally {
        if (idleCheck != null) {
          idleCheck.cancel(false);
        }
        retryMillis = stream.retryMillis() != null ? stream.retryMillis() : retryMillis;
      }
    } catch (IOException e) {
      return "the connection broke (" + RelayClient.describe(e) + ")";
    }
  }

  /** Prints events until the stream ends (false) or --count is reached (true). */
  private boolean readEvents(EventStreamReader stream) throws IOException {
    EventStreamReader.Event event;
    while ((event = stream.next()) != null) {
      print(event);
      if (event.id() != null && event.id().matches("\\d{1,18}")) {
        lastSeq = Long.valueOf(event.id());
      }
      printed++;
      if (count != null && printed >= count) {
        return true;
      }
    }
    return false;
  }

  /** Closes a connection on which nothing arrived for the idle timeout: the relay sends keep-alives. */
  private ScheduledFuture<?> watchIdle(EventStreamReader stream, ScheduledExecutorService watchdog) {
    long limit = TimeUnit.SECONDS.toNanos(idleTimeoutSeconds);
    long period = Math.max(100, TimeUnit.SECONDS.toMillis(idleTimeoutSeconds) / 4);
    return watchdog.scheduleAtFixedRate(() -> {
      if (stream.idleNanos() > limit) {
        note("nothing from the relay for " + idleTimeoutSeconds + " s");
        closeQuietly(stream);
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  private void print(EventStreamReader.Event event) {
    PrintWriter out = relay.out();
    if (relay.json()) {
      out.println(event.data());
    } else {
      try {
        out.println(Render.item(new JsonObject(event.data())));
      } catch (DecodeException | ClassCastException e) {
        out.println("#" + event.id() + " " + event.event() + " " + Render.oneLine(event.data()));
      }
    }
    out.flush();
  }

  private void note(String text) {
    relay.err().println("relay tail: " + text);
    relay.err().flush();
  }

  private static void closeQuietly(EventStreamReader stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // the reader sees the stream end either way
    }
  }
}
