package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.WriteCommand;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The single writer's own thread: takes every write waiting (up to the batch limit), runs them through
 * the {@link Writer} as one batch, hands the outcome back and goes straight on to the next batch. No
 * event-loop turn stands between two commits, so the writes that queue while one batch commits are the
 * next batch.
 */
final class WriteLoop {

  private static final Logger LOG = Logger.getLogger(WriteLoop.class.getName());
  private static final Object STOP = new Object();

  /** A batch that has run: its writes, the outcome (null if the writer failed outright), its time. */
  record Finished(List<Message<?>> writes, Writer.Outcome outcome, long nanos) {
  }

  /**
   * A write as taken off the bus: the message to answer, and its command. The command comes with it because a
   * clustered event bus decodes the body of a message it has sent only on another node.
   */
  record Write(Message<?> message, WriteCommand<?> command) {
  }

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Writer writer;
  private final int batchMax;
  private final Consumer<Finished> onFinished;
  private final Runnable onStopped;
  private final Thread thread;
  private boolean stopped;

  /** {@code onFinished} and {@code onStopped} are called on the writer thread. */
  WriteLoop(Writer writer, int batchMax, Consumer<Finished> onFinished, Runnable onStopped) {
    this.writer = writer;
    this.batchMax = batchMax;
    this.onFinished = onFinished;
    this.onStopped = onStopped;
    this.thread = new Thread(this::loop, "relay-writer");
    // stop() drains it on undeploy; a JVM that exits without one must not wait for it (WAL keeps the file whole)
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues a write; false once {@link #stop} has been called (the write is not taken). */
  synchronized boolean submit(Write write) {
    if (stopped) {
      return false;
    }
    queue.add(write);
    return true;
  }

  /** Runs every write submitted before this call, then stops and calls {@code onStopped}. */
  synchronized void stop() {
    stopped = true;
    queue.add(STOP);
  }

  private void loop() {
    List<Object> taken = new ArrayList<>(batchMax);
    boolean stopping = false;
    while (!stopping || !queue.isEmpty()) {
      taken.clear();
      try {
        taken.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      queue.drainTo(taken, batchMax - 1);
      stopping |= taken.remove(STOP);
      if (!taken.isEmpty()) {
        run(writes(taken));
      }
    }
    onStopped.run();
  }

  private static List<Write> writes(List<Object> taken) {
    List<Write> writes = new ArrayList<>(taken.size());
    taken.forEach(write -> writes.add((Write) write));
    return writes;
  }

  private void run(List<Write> taken) {
    List<Message<?>> writes = new ArrayList<>(taken.size());
    List<WriteCommand<?>> commands = new ArrayList<>(taken.size());
    taken.forEach(write -> {
      writes.add(write.message());
      commands.add(write.command());
    });
    long started = System.nanoTime();
    Writer.Outcome outcome = null;
    try {
      outcome = writer.run(commands);
    } catch (RuntimeException | Error e) {
      // the writer answers every failure itself; this is a bug, and the thread must live on
      LOG.log(Level.SEVERE, "the writer failed", e);
    }
    onFinished.accept(new Finished(writes, outcome, System.nanoTime() - started));
  }
}
