package dev.agentrelay.core.store;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.RelayMeters;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.BusCodecs;
import dev.agentrelay.core.bus.CommitFanout;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.HandOvers;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.bus.StoreQuery;
import dev.agentrelay.core.bus.StoreReply;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The queue/store verticle: owns the SQLite file. Writes sent to {@link Addresses#STORE_WRITE} are queued
 * (on the sender's thread, see {@link #takeWrite}) and drained into one transaction per batch on a single
 * writer thread (group commit); each is answered only after its batch commits, and the batch's deliveries
 * are then published on {@link Addresses#inbox(String)} (and {@link Addresses#WEBHOOK_DELIVERY_COMMITTED}
 * for webhook agents); a rotated or removed agent's key on {@link Addresses#keyRevoked(String)}, a changed
 * webhook target on {@link Addresses#WEBHOOK_TARGET_CHANGED}. Reads on {@link Addresses#STORE_READ} run on the
 * reader pool.
 */
public final class StoreVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(StoreVerticle.class.getName());
  /** How long a hand-over waits at most for a write to take it to disk. */
  private static final long HAND_OVER_FLUSH_MILLIS = 1_000;
  /** Notices of changed agents concern this node's listeners; other nodes hear them through the fanout. */
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final RelayConfig config;
  private final AgentDirectory agents;
  private final PendingDeliveries pending;
  private final RelayMeters meters;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final Handler<DeliveryContext<Object>> takeWrites = this::takeWrite;

  private Database database;
  private NodeRoles roles;
  private StoreTotals totals;
  private Writer writer;
  private WriteLoop writeLoop;
  private Pool readPool;
  private ReadContext reads;
  private ReadContext renewedFrom;
  private Future<ReadContext> renewing;
  private Promise<Void> writesDone;
  private Housekeeping housekeeping;
  private final HandOvers handOvers;
  private final CommitFanout fanout;
  private long handOverFlush;
  private DeliveryClock clock;
  private long nextInstant;

  public StoreVerticle(RelayConfig config, AgentDirectory agents, PendingDeliveries pending, RelayMeters meters) {
    this(config, agents, pending, meters, new HandOvers());
  }

  /** {@code handOvers} is where the relay's read paths note hand-overs for this store to record. */
  public StoreVerticle(RelayConfig config, AgentDirectory agents, PendingDeliveries pending, RelayMeters meters,
      HandOvers handOvers) {
    this(config, agents, pending, meters, handOvers, CommitFanout.NONE);
  }

  /** {@code fanout} hears every commit after this node's listeners did: the other nodes of a cluster. */
  public StoreVerticle(RelayConfig config, AgentDirectory agents, PendingDeliveries pending, RelayMeters meters,
      HandOvers handOvers, CommitFanout fanout) {
    this.config = config;
    this.agents = agents;
    this.pending = pending;
    this.meters = meters;
    this.handOvers = handOvers;
    this.fanout = fanout;
  }

  @Override
  public Future<?> start() {
    BusCodecs.register(vertx);
    return vertx.executeBlocking(this::openStore, false).map(opened -> {
      writesDone = Promise.promise();
      // answers and events go out from the writer thread itself (the event bus is thread-safe and hands
      // each to its receiver's context): no event-loop turn between a commit and its answers
      writeLoop = new WriteLoop(writer, config.commitBatchMax(), this::finish,
          () -> context.runOnContext(v -> writesDone.complete()));
      writeLoop.start();
      readPool = database.readPool(vertx);
      reads = new ReadContext(readPool, database.dialect(), agents, pending, totals);
      vertx.eventBus().addOutboundInterceptor(takeWrites);
      consumers.add(vertx.eventBus().<StoreQuery<?>>localConsumer(Addresses.STORE_READ, this::read));
      housekeeping = new Housekeeping(vertx, new StoreClient(vertx), config.housekeepingMillis(),
          config.retentionAcked(), config.retentionAudit(), () -> roles.holds(NodeLease.Role.HOUSEKEEPING));
      roles.start();
      housekeeping.start();
      clock = new DeliveryClock(vertx, new StoreClient(vertx));
      // hand-overs ride in the batches of other writes; when none comes, a write of nothing takes them
      StoreClient flusher = new StoreClient(vertx);
      handOverFlush = vertx.setPeriodic(HAND_OVER_FLUSH_MILLIS, t -> {
        if (handOvers.anyNoted()) {
          flusher.write(tx -> null);
        }
      });
      return opened;
    }).compose(opened -> settleOverdue()).map(settled -> {
      LOG.info("store open: " + database.describe() + " (" + agents.size() + " agents, "
          + pending.total() + " pending deliveries)");
      return settled;
    });
  }

  /**
   * What fell due or expired while the relay was down is released or expired before the store reports itself
   * started, so that the first read after a start already sees it; later instants are the clock's.
   */
  private Future<Void> settleOverdue() {
    if (nextInstant > System.currentTimeMillis()) {
      clock.start(nextInstant);
      return Future.succeededFuture();
    }
    return new StoreClient(vertx).write(DueDeliveries.pass()).map(pass -> {
      clock.start(pass.nextInstant());
      return (Void) null;
    }).recover(failed -> {
      LOG.warning("overdue deliveries could not be settled at start; the clock retries: " + failed.getMessage());
      clock.start(System.currentTimeMillis());
      return Future.succeededFuture();
    });
  }

  private Void openStore() throws Exception {
    database = Database.open(config);
    roles = new NodeRoles(vertx, database);
    Connection connection = database.writerConnection();
    AgentStore.loadAll(connection).forEach(agents::put);
    DeliveryStore.loadPending(connection, pending);
    totals = StoreTotals.load(connection);
    nextInstant = DueDeliveries.nextInstant(connection);
    connection.commit();
    writer = new Writer(database, connection, agents, pending, totals, handOvers, Writer.AUDIT_FILL);
    return null;
  }

  /**
   * Takes each write off the bus on the sender's own thread, straight into the writer's queue. Delivered to
   * a consumer, it would first cross this verticle's event loop: one thread hand-off more per write, ~9% of
   * send throughput on 2 cores (docs/BENCHMARKS.md). The write is still a request on the bus; it is
   * answered through it, and fails with NO_HANDLERS once the store has stopped (see {@link Addresses#STORE_WRITE}).
   */
  private void takeWrite(DeliveryContext<Object> delivery) {
    if (!Addresses.STORE_WRITE.equals(delivery.message().address())) {
      delivery.next();
      return;
    }
    Message<?> write = delivery.message();
    if (!writeLoop.submit(new WriteLoop.Write(write, (WriteCommand<?>) delivery.body()))) {
      write.reply(StoreReply.of(new RelayException(Failure.UNAVAILABLE, null, "the store is stopping; retry later")),
          BusCodecs.REPLY);
    }
  }

  /** On the writer thread: counts the commit, answers each write, then publishes the deliveries. */
  private void finish(WriteLoop.Finished finished) {
    List<Message<?>> writes = finished.writes();
    Writer.Outcome outcome = finished.outcome();
    if (outcome == null) {
      RelayException unavailable = new RelayException(Failure.UNAVAILABLE, null, "the store is unavailable");
      writes.forEach(message -> message.reply(StoreReply.of(unavailable), BusCodecs.REPLY));
      return;
    }
    if (outcome.committed()) {
      meters.recordCommit(writes.size(), outcome.events().size(), finished.nanos());
    }
    if (outcome.earliestInstant() != Long.MAX_VALUE) {
      long instant = outcome.earliestInstant();
      context.runOnContext(v -> clock.committed(instant));
    }
    for (int i = 0; i < writes.size(); i++) {
      writes.get(i).reply(StoreReply.of(outcome.results().get(i)), BusCodecs.REPLY);
    }
    outcome.events().forEach(this::publish);
    AgentChanges agentChanges = outcome.agentChanges();
    agentChanges.keysRevoked()
        .forEach(agentId -> vertx.eventBus().publish(Addresses.keyRevoked(agentId), agentId, LOCAL));
    agentChanges.webhookTargetsChanged()
        .forEach(agentId -> vertx.eventBus().publish(Addresses.WEBHOOK_TARGET_CHANGED, agentId, LOCAL));
    if (!outcome.events().isEmpty() || !outcome.acknowledged().isEmpty() || !agentChanges.changed().isEmpty()) {
      fanout.committed(outcome.events(), outcome.acknowledged(), agentChanges.keysRevoked(),
          agentChanges.webhookTargetsChanged(), agentChanges.changed());
    }
  }

  private void publish(DeliveryEvent event) {
    // only the webhook dispatcher listens there: a publish per delivery to polling agents would wake it for nothing
    if (event.webhook() != null) {
      vertx.eventBus().publish(Addresses.WEBHOOK_DELIVERY_COMMITTED, event, BusCodecs.DELIVERY);
    }
    vertx.eventBus().publish(Addresses.inbox(event.agentId()), event, BusCodecs.DELIVERY);
    if (meters.counters().deliveryStreams.get() > 0) {
      vertx.eventBus().publish(Addresses.DELIVERIES_COMMITTED, event, BusCodecs.DELIVERY);
    }
  }

  private void read(Message<StoreQuery<?>> message) {
    StoreQuery<?> query = message.body();
    // a read is safe to repeat: one that met a connection the server had cut runs again on a fresh one
    ReadContext readsNow = reads;
    Future<Object> answer = run(query, readsNow).recover(failure -> ConnectionLoss.in(failure)
        ? renewReadPool(readsNow).compose(renewed -> run(query, renewed)) : Future.failedFuture(failure));
    answer.onComplete(done -> message.reply(
        StoreReply.of(done.succeeded() ? done.result() : asRelayFailure(done.cause())), BusCodecs.REPLY));
  }

  /**
   * The reader pool keeps its connections, and does not notice one that the server cut: after a read met one, the
   * pool is replaced by a new one whose connections work (once, for all the reads that failed on the old pool).
   */
  private Future<ReadContext> renewReadPool(ReadContext failedOn) {
    if (failedOn != reads) {
      return Future.succeededFuture(reads);
    }
    if (failedOn != renewedFrom) {
      renewedFrom = failedOn;
      Pool broken = failedOn.pool();
      renewing = broken.close().transform(closed -> vertx.executeBlocking(() -> {
        database.discardBrokenConnections();
        return null;
      }, false)).map(v -> {
        readPool = database.readPool(vertx);
        reads = new ReadContext(readPool, database.dialect(), agents, pending, totals);
        return reads;
      });
    }
    return renewing;
  }

  private Future<Object> run(StoreQuery<?> query, ReadContext context) {
    try {
      return query.run(context).map(result -> result);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static RelayException asRelayFailure(Throwable cause) {
    if (cause instanceof RelayException relayException) {
      return relayException;
    }
    if (ConnectionLoss.in(cause)) {
      LOG.warning("read failed, the database is unreachable: " + cause.getMessage());
    } else {
      LOG.log(Level.SEVERE, "read failed", cause);
    }
    return new RelayException(Failure.UNAVAILABLE, null, "the store could not answer this read; retry later");
  }

  /** Stops taking new work, finishes every write already queued, then closes the file. */
  @Override
  public Future<?> stop() {
    housekeeping.stop();
    roles.stop();
    clock.stop();
    vertx.cancelTimer(handOverFlush);
    vertx.eventBus().removeOutboundInterceptor(takeWrites);
    consumers.forEach(MessageConsumer::unregister);
    writeLoop.stop();
    return writesDone.future()
        .compose(v -> readPool.close())
        .compose(v -> vertx.executeBlocking(() -> {
          roles.release();
          writer.close();
          database.close();
          return null;
        }, false));
  }
}
