package dev.agentrelay.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * No relay: what this machine itself charges for the steps a send's path is made of, when they come once
 * per interval, at each rate of {@code --rates}. Per tick: a thread parked on a queue is handed a stamp (the
 * store writer's wake-up), a thread blocked in {@code Selector.select()} is woken (an event loop's wake-up),
 * a loopback TCP round trip with TCP_NODELAY to a blocked echo thread (request, answer, both sides waking),
 * and a 4 KiB write at a fixed offset of a preallocated file made durable with {@code fdatasync} and with
 * {@code fsync} (how SQLite syncs its WAL), in {@code --tmp}; a fixed piece of CPU work (string keys
 * into a hash map, ~the size of a send's JSON work), compiled long before; and a walk through 256 KiB of
 * memory in an order no prefetcher can guess (one load per cache line, each load's address read by the one
 * before), about what a message's path touches in code and data, whose time shows how much of what a
 * thread last touched is still in the CPU's caches when it wakes; last, a POST through Vert.x and Jackson whose
 * body comes back as an SSE event ({@link HttpPushProbe}): the frameworks' share of send→SSE, no relay code in it.
 * At low rates each step finds its thread and the vCPU asleep; the difference to 1,000/s is what idleness costs.
 */
final class IdleProbeScenario {

  private static final int PAGE = 4096;
  private static final int PAGES = 1024;
  private static final int CACHE_LINE_INTS = 16;
  private static final int WALKED_LINES = 256 * 1024 / 64;

  private final Bench bench;

  IdleProbeScenario(Bench bench) {
    this.bench = bench;
  }

  ScenarioResult run() throws Exception {
    ScenarioResult result = new ScenarioResult(BenchOptions.IDLE_PROBE);
    int samples = bench.options.probeSamples();
    result.put("samples_per_rate", samples);
    try (Probes probes = new Probes(bench.workDir)) {
      for (int rate : bench.options.pushRates()) {
        bench.progress.say("idle-probe: %d ticks at %d/s", samples, rate);
        JsonObject figures = probes.run(rate, samples);
        result.put("rate_" + rate, figures);
        for (String step : figures.fieldNames()) {
          result.row(rate + "/s " + step.replace('_', ' '), Latencies.Summary.fromJson(figures.getJsonObject(step))
              .cell());
        }
      }
    }
    return result;
  }

  /** The threads, socket and file the ticks use. */
  private static final class Probes implements AutoCloseable {

    final LinkedBlockingQueue<Long> toParked = new LinkedBlockingQueue<>();
    final SynchronousQueue<Long> parkedWoke = new SynchronousQueue<>();
    final Selector selector = Selector.open();
    final SynchronousQueue<Long> selectorWoke = new SynchronousQueue<>();
    volatile long wakeStamp;
    volatile boolean closed;
    final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    final Socket client;
    final Path file;
    final FileChannel channel;
    final ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
    final int[] walk = MemoryWalk.cycle(WALKED_LINES, CACHE_LINE_INTS);
    final HttpPushProbe http;
    long offset;
    /** Keeps the CPU work's result alive, so that the JIT cannot drop it. */
    long sink;

    Probes(Path dir) throws Exception {
      for (int i = 0; i < 20_000; i++) {
        sink += cpuWork(i);
        sink += MemoryWalk.walk(walk);
      }
      daemon("idle-probe-parked", this::parked);
      daemon("idle-probe-selector", this::selecting);
      daemon("idle-probe-echo", this::echo);
      client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
      client.setTcpNoDelay(true);
      file = Files.createTempFile(dir, "idle-probe", ".bin");
      channel = FileChannel.open(file, StandardOpenOption.WRITE);
      for (int i = 0; i < PAGES; i++) {
        page.clear();
        channel.write(page, (long) i * PAGE);
      }
      channel.force(true);
      http = new HttpPushProbe();
      for (int i = 0; i < 2_000; i++) {
        http.tick();
      }
    }

    JsonObject run(int rate, int samples) throws Exception {
      Latencies park = new Latencies();
      Latencies select = new Latencies();
      Latencies tcp = new Latencies();
      Latencies fdatasync = new Latencies();
      Latencies fsync = new Latencies();
      Latencies work = new Latencies();
      Latencies memory = new Latencies();
      Latencies post = new Latencies();
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      long interval = 1_000_000_000L / rate;
      long next = System.nanoTime();
      for (int i = -3; i < samples; i++) {
        next += interval;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
        }
        toParked.put(System.nanoTime());
        long parked = parkedWoke.take();
        wakeStamp = System.nanoTime();
        selector.wakeup();
        long selected = selectorWoke.take();
        long t0 = System.nanoTime();
        out.write(1);
        if (in.read() < 0) {
          throw new IOException("the echo thread closed the socket");
        }
        long roundTrip = System.nanoTime() - t0;
        long data = write(false);
        long all = write(true);
        long w0 = System.nanoTime();
        sink += cpuWork(i);
        long worked = System.nanoTime() - w0;
        long m0 = System.nanoTime();
        sink += MemoryWalk.walk(walk);
        long walked = System.nanoTime() - m0;
        long posted = http.tick();
        if (i >= 0) {
          park.record(parked);
          select.record(selected);
          tcp.record(roundTrip);
          fdatasync.record(data);
          fsync.record(all);
          work.record(worked);
          memory.record(walked);
          post.record(posted);
        }
      }
      return new JsonObject().put("parked_thread_wake", park.summary().toJson())
          .put("selector_wake", select.summary().toJson())
          .put("loopback_tcp_round_trip", tcp.summary().toJson())
          .put("4k_overwrite_fdatasync", fdatasync.summary().toJson())
          .put("4k_overwrite_fsync", fsync.summary().toJson())
          .put("cpu_work", work.summary().toJson())
          .put("256k_memory_walk", memory.summary().toJson())
          .put("vertx_post_to_sse_event", post.summary().toJson());
    }

    /** The same small job every tick: 200 string keys into a fresh map and read back. */
    private static int cpuWork(int tick) {
      Map<String, Integer> map = new HashMap<>();
      StringBuilder key = new StringBuilder();
      int sum = 0;
      for (int k = 0; k < 200; k++) {
        key.setLength(0);
        key.append("agent-").append(k).append('-').append(tick & 7);
        map.put(key.toString(), k);
      }
      for (String name : map.keySet()) {
        sum += map.get(name) + name.length();
      }
      return sum;
    }

    private long write(boolean metadata) throws IOException {
      page.clear();
      long t0 = System.nanoTime();
      channel.write(page, offset);
      channel.force(metadata);
      long took = System.nanoTime() - t0;
      offset = (offset + PAGE) % ((long) PAGES * PAGE);
      return took;
    }

    private void parked() {
      try {
        while (!closed) {
          long stamp = toParked.take();
          parkedWoke.put(System.nanoTime() - stamp);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void selecting() {
      try {
        while (!closed) {
          selector.select();
          long now = System.nanoTime();
          long stamp = wakeStamp;
          if (stamp != 0 && !closed) {
            wakeStamp = 0;
            selectorWoke.put(now - stamp);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.nio.channels.ClosedSelectorException e) {
        // closed: done
      }
    }

    private void echo() {
      try (Socket s = server.accept()) {
        s.setTcpNoDelay(true);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
          out.write(b);
        }
      } catch (IOException e) {
        // closed: done
      }
    }

    private static void daemon(String name, Runnable body) {
      Thread thread = new Thread(body, name);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws IOException {
      closed = true;
      if (http != null) {
        http.close();
      }
      client.close();
      server.close();
      selector.close();
      channel.close();
      Files.deleteIfExists(file);
    }
  }
}
