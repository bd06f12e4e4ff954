package dev.agentrelay.bench;

import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many SSE streams at once, and broadcasts timed until every stream has its copy: each broadcast carries
 * its round number in its metadata, and each stream notes when it first parsed that round. The streams are spread
 * round-robin over the nodes given; the broadcasts go through the first.
 */
final class StreamFleet implements AutoCloseable {

  private final Bench bench;
  private final RelayClient relay;
  private final List<RelayClient> nodes;
  /** One client per node of {@link #nodes}, for that node's streams. */
  private final List<HttpClientAgent> clients = new ArrayList<>();
  private final List<SseStream> streams = new CopyOnWriteArrayList<>();
  private AtomicLongArray receivedAt = new AtomicLongArray(0);
  private final AtomicInteger remaining = new AtomicInteger();
  private volatile long round = -1;
  private volatile Promise<Void> allReceived;

  /** What one broadcast cost: its POST, and the time until each stream had it. */
  record Round(double postMs, int recipients, int streams, int received, double firstMs, double p50Ms, double p99Ms,
      double allMs) {

    JsonObject toJson() {
      return new JsonObject().put("post_ms", postMs).put("recipients", recipients).put("streams", streams)
          .put("received", received).put("first_ms", firstMs).put("p50_ms", p50Ms).put("p99_ms", p99Ms)
          .put("all_ms", allMs);
    }
  }

  StreamFleet(Bench bench, RelayClient relay, int size) {
    this(bench, List.of(relay), size);
  }

  /** {@code size} streams over {@code nodes}, broadcasts through the first of them. */
  StreamFleet(Bench bench, List<RelayClient> nodes, int size) {
    this.bench = bench;
    this.relay = nodes.get(0);
    this.nodes = List.copyOf(nodes);
    for (RelayClient node : this.nodes) {
      clients.add(node.streamClient(size / this.nodes.size() + 1));
    }
  }

  /** Opens one stream per key ({@code concurrency} opening at once); answers once all are set up. */
  void open(List<String> keys, int concurrency, String what) {
    receivedAt = new AtomicLongArray(keys.size());
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      indexes.add(i);
    }
    var opening = RelayClient.forEach(indexes, concurrency, i -> {
      int node = i % nodes.size();
      return SseStream.open(nodes.get(node), clients.get(node), keys.get(i), this::onEvent).map(s -> {
        s.tag(i);
        streams.add(s);
        return s;
      });
    });
    long start = System.nanoTime();
    long last = start;
    while (!opening.isComplete()) {
      Bench.sleep(20);
      if (System.nanoTime() - last > 3e9) {
        last = System.nanoTime();
        bench.progress.say("%s: %,d of %,d streams open", what, streams.size(), keys.size());
      }
    }
    Bench.await(opening, 1);
    bench.progress.say("%s: %,d streams open in %.1f s", what, streams.size(), (System.nanoTime() - start) / 1e9);
  }

  int size() {
    return streams.size();
  }

  int ended() {
    return (int) streams.stream().filter(SseStream::ended).count();
  }

  private void onEvent(SseStream stream, long seq, String data, long now) {
    long r = SseStream.number(data, "bench_round");
    if (r != round || stream.tag() == null) {
      return;
    }
    if (receivedAt.compareAndSet((Integer) stream.tag(), 0, now) && remaining.decrementAndGet() == 0) {
      allReceived.tryComplete();
    }
  }

  /** Broadcasts round {@code r} as admin and waits (up to {@code timeoutSeconds}) for every stream to have it. */
  Round broadcast(int r, long timeoutSeconds) {
    int n = streams.size();
    for (int i = 0; i < receivedAt.length(); i++) {
      receivedAt.set(i, 0);
    }
    remaining.set(n);
    allReceived = Promise.promise();
    round = r;
    JsonObject body = new JsonObject().put("content", "bench fanout round " + r)
        .put("metadata", new JsonObject().put("bench_run", bench.runId).put("bench_round", r));
    long t0 = System.nanoTime();
    RelayClient.Reply reply = Bench.await(relay.post(RelayClient.API + "/broadcast", relay.adminKey(), body.toBuffer()),
        120);
    long posted = System.nanoTime();
    if (reply.status() != 201) {
      throw new IllegalStateException("broadcast failed: " + reply);
    }
    int recipients = reply.json().getInteger("recipients");
    try {
      Bench.await(allReceived.future(), timeoutSeconds);
    } catch (IllegalStateException e) {
      bench.progress.say("broadcast round %d: only %,d of %,d streams got it within %d s", r, n - remaining.get(), n,
          timeoutSeconds);
    }
    long[] times = new long[n];
    int got = 0;
    for (int i = 0; i < n; i++) {
      long at = receivedAt.get(i);
      if (at != 0) {
        times[got++] = at - t0;
      }
    }
    long[] sorted = Arrays.copyOf(times, got);
    Arrays.sort(sorted);
    return new Round(ms(posted - t0), recipients, n, got, got == 0 ? -1 : ms(sorted[0]),
        got == 0 ? -1 : ms(sorted[Math.max(0, (int) Math.ceil(0.5 * got) - 1)]),
        got == 0 ? -1 : ms(sorted[Math.max(0, (int) Math.ceil(0.99 * got) - 1)]),
        got < n ? -1 : ms(sorted[got - 1]));
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  @Override
  public void close() {
    clients.forEach(client -> Bench.await(client.close(), 60));
  }
}
