package dev.agentrelay.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What every scenario of one run shares: options, progress, the bench's Vert.x, the relay and its prefill. */
final class Bench {

  final BenchOptions options;
  final Progress progress;
  final String runId;
  final Vertx vertx;
  final Path workDir;
  /**
   * Null when the run needs no relay (only sqlite-limit). The first node: agents are registered, and the scenarios
   * that drive one node only (inbox, memory, wake) run, through it.
   */
  RelayClient relay;
  /** Every node of the relay, {@link #relay} first: one per URL of --url, or the embedded relay alone. */
  final List<RelayClient> nodes = new ArrayList<>();
  /** Null in remote mode. */
  EmbeddedRelay embedded;
  Prefill prefill;
  /** Batched rows/s of sqlite-limit, once it ran; the denominator of every ratio. */
  Double sqliteRowsPerSecond;
  /** Send-shaped sends/s of sqlite-limit (the relay's schema, no relay), once it ran. */
  Double schemaSendsPerSecond;

  Bench(BenchOptions options, Progress progress, String runId, Vertx vertx, Path workDir) {
    this.options = options;
    this.progress = progress;
    this.runId = runId;
    this.vertx = vertx;
    this.workDir = workDir;
  }

  /** The node the {@code i}-th sender or listener of a scenario uses: round-robin over {@link #nodes}. */
  RelayClient node(int i) {
    return nodes.get(Math.floorMod(i, nodes.size()));
  }

  /** An agent id unique to this run: {@code bench-<run>-<scenario>-<suffix>}. */
  String agentId(String scenario, String suffix) {
    return "bench-" + runId + "-" + scenario + "-" + suffix;
  }

  /** Waits for {@code future} from a non-Vert.x thread. */
  static <T> T await(Future<T> future, long seconds) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + seconds + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
