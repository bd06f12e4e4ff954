package dev.agentrelay.core.store;

import dev.agentrelay.core.Addresses;
import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.auth.AgentDirectory;
import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The queue/store verticle: owns the SQLite file. Writes arriving on {@link Addresses#STORE_WRITE} are
 * queued and drained into one transaction per batch on a single writer thread (group commit); each is
 * answered only after its batch commits, and the batch's deliveries are then published on
 * {@link Addresses#DELIVERY_COMMITTED}. Reads on {@link Addresses#STORE_READ} run on the reader pool.
 */
public final class StoreVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(StoreVerticle.class.getName());

  private final RelayConfig config;
  private final AgentDirectory agents;
  private final PendingCounts pending;
  private final RelayMeters meters;
  private final ArrayDeque<Message<Object>> queue = new ArrayDeque<>();
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

  private Database database;
  private WorkerExecutor writerThread;
  private Writer writer;
  private Pool readPool;
  private ReadContext reads;
  private boolean writing;
  private Promise<Void> drained;

  public StoreVerticle(RelayConfig config, AgentDirectory agents, PendingCounts pending, RelayMeters meters) {
    this.config = config;
    this.agents = agents;
    this.pending = pending;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx);
    writerThread = vertx.createSharedWorkerExecutor("relay-writer", 1, 10, TimeUnit.MINUTES);
    return writerThread.executeBlocking(this::openStore, false).map(opened -> {
      readPool = database.readPool(vertx, config.readPoolSize());
      reads = new ReadContext(readPool, agents, pending);
      consumers.add(vertx.eventBus().consumer(Addresses.STORE_WRITE, this::enqueue));
      consumers.add(vertx.eventBus().consumer(Addresses.STORE_READ, this::read));
      LOG.info("store open: " + config.database().toAbsolutePath() + " (" + agents.size() + " agents, "
          + pending.total() + " pending deliveries)");
      return opened;
    });
  }

  private Void openStore() throws Exception {
    database = Database.open(config);
    Connection connection = database.writerConnection();
    AgentStore.loadAll(connection).forEach(agents::put);
    DeliveryStore.loadPending(connection, pending);
    connection.commit();
    writer = new Writer(connection, agents, pending);
    return null;
  }

  private void enqueue(Message<Object> message) {
    queue.add(message);
    drain();
  }

  @SuppressWarnings("unchecked")
  private void drain() {
    if (writing) {
      return;
    }
    if (queue.isEmpty()) {
      if (drained != null) {
        drained.tryComplete();
      }
      return;
    }
    List<Message<Object>> batch = new ArrayList<>(Math.min(queue.size(), config.commitBatchMax()));
    while (!queue.isEmpty() && batch.size() < config.commitBatchMax()) {
      batch.add(queue.poll());
    }
    List<WriteCommand<?>> commands = new ArrayList<>(batch.size());
    batch.forEach(message -> commands.add((WriteCommand<?>) message.body()));
    writing = true;
    long started = System.nanoTime();
    writerThread.executeBlocking(() -> writer.run(commands), false).onComplete(done -> {
      meters.recordCommit(batch.size(), System.nanoTime() - started);
      finish(batch, done.succeeded() ? done.result() : null, done.cause());
    });
  }

  private void finish(List<Message<Object>> batch, Writer.Outcome outcome, Throwable failure) {
    writing = false;
    if (outcome == null) {
      LOG.log(Level.SEVERE, "writer thread failed", failure);
      RelayException unavailable = new RelayException(Failure.UNAVAILABLE, null, "the store is unavailable");
      batch.forEach(message -> message.reply(unavailable, LocalCodec.OPTIONS));
    } else {
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).reply(outcome.results().get(i), LocalCodec.OPTIONS);
      }
      outcome.events().forEach(this::publish);
    }
    drain();
  }

  private void publish(DeliveryEvent event) {
    vertx.eventBus().publish(Addresses.DELIVERY_COMMITTED, event, LocalCodec.OPTIONS);
    vertx.eventBus().publish(Addresses.inbox(event.agentId()), event, LocalCodec.OPTIONS);
  }

  @SuppressWarnings("unchecked")
  private void read(Message<Object> message) {
    StoreQuery<Object> query = (StoreQuery<Object>) message.body();
    Future<Object> answer;
    try {
      answer = query.run(reads);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(done -> message.reply(done.succeeded() ? done.result() : asRelayFailure(done.cause()),
        LocalCodec.OPTIONS));
  }

  private static RelayException asRelayFailure(Throwable cause) {
    if (cause instanceof RelayException relayException) {
      return relayException;
    }
    LOG.log(Level.SEVERE, "read failed", cause);
    return new RelayException(Failure.UNAVAILABLE, null, "the store could not answer this read; retry later");
  }

  /** Stops taking new work, finishes every write already queued, then closes the file. */
  @Override
  public Future<?> stop() {
    consumers.forEach(MessageConsumer::unregister);
    drained = Promise.promise();
    drain();
    return drained.future()
        .compose(v -> readPool.close())
        .compose(v -> writerThread.executeBlocking(() -> {
          writer.close();
          database.close();
          return null;
        }, false))
        .onComplete(v -> writerThread.close());
  }
}
