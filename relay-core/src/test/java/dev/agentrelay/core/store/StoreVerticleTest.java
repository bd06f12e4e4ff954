package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.bus.DeliveryEvent;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.model.Contact;
import dev.agentrelay.core.model.Permissions;
import dev.agentrelay.core.model.Priority;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.service.CreateTask;
import dev.agentrelay.core.service.RegisterAgent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class StoreVerticleTest {

  private static final String INSERT_META = "INSERT INTO meta (key, value) VALUES (?, ?)";

  @TempDir
  Path dir;
  @RegisterExtension
  final StoreDeployments stores = new StoreDeployments();
  RelayConfig config;
  RelayCounters counters = new RelayCounters();
  PendingDeliveries pending = new PendingDeliveries();
  StoreClient store;
  StoreDeployment deployment;
  Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    config = RelayConfig.from(Map.of("RELAY_DATA_DIR", dir.toString()));
    deployment = stores.deploy(vertx, config, pending, counters);
    store = deployment.client();
  }

  @Test
  void aWriteSentAfterTheStoreStoppedFailsAtOnceAsUnavailable() throws Exception {
    deployment.undeploy();

    Throwable failure = store.write(tx -> tx.update("INSERT INTO meta (key, value) VALUES ('late', '1')"))
        .transform(Future::succeededFuture).await(5, TimeUnit.SECONDS).cause();

    assertThat(failure).isInstanceOf(RelayException.class);
    assertThat(((RelayException) failure).failure()).isEqualTo(Failure.UNAVAILABLE);
  }

  @Test
  void opensSqliteInWalModeWithFullSyncForeignKeysAndABusyTimeout() throws Exception {
    assertThat(pragma("journal_mode")).isEqualTo("wal");
    assertThat(pragma("synchronous")).isEqualTo("2");
    assertThat(pragma("foreign_keys")).isEqualTo("1");
    assertThat(pragma("busy_timeout")).isEqualTo("5000");
    Long writerCheckpointPages = store.write(tx -> tx.one("PRAGMA wal_autocheckpoint",
        c -> c.number("wal_autocheckpoint")).orElseThrow()).await(30, TimeUnit.SECONDS);
    assertThat(writerCheckpointPages).isEqualTo(SqliteDatabase.WAL_AUTOCHECKPOINT_PAGES);
  }

  @Test
  void concurrentWritesAreCommittedTogetherAndEachIsOnDiskWhenAnswered() throws Exception {
    List<Future<Integer>> writes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String key = "k" + i;
      writes.add(store.write(tx -> tx.update(INSERT_META, key, "v")));
    }
    Future.all(writes).await(30, TimeUnit.SECONDS);

    assertThat(counters.committedWrites.get()).isEqualTo(500);
    assertThat(counters.commits.get()).isLessThan(100);
    assertThat(countOnDisk("SELECT count(*) FROM meta WHERE key LIKE 'k%'")).isEqualTo(500);
  }

  @Test
  void aCommandThatFailsAfterWritingLeavesNoTraceAndDoesNotSinkItsBatch() throws Exception {
    List<Future<Integer>> good = new ArrayList<>();
    good.add(store.write(tx -> tx.update(INSERT_META, "before", "v")));
    Future<Integer> bad = store.write(tx -> {
      tx.update(INSERT_META, "half", "v");
      throw RelayException.invalid("refused after writing");
    });
    good.add(store.write(tx -> tx.update(INSERT_META, "after", "v")));

    Future.all(good).await(30, TimeUnit.SECONDS);
    Throwable failure = bad.transform(Future::succeededFuture).await(30, TimeUnit.SECONDS).cause();
    assertThat(failure).isInstanceOf(RelayException.class).hasMessage("refused after writing");
    assertThat(countOnDisk("SELECT count(*) FROM meta WHERE key IN ('before', 'after')")).isEqualTo(2);
    assertThat(countOnDisk("SELECT count(*) FROM meta WHERE key = 'half'")).isZero();
  }

  @Test
  void aSqlErrorFailsOnlyItsOwnCommandAsUnavailable() throws Exception {
    Future<Integer> good = store.write(tx -> tx.update(INSERT_META, "fine", "v"));
    Future<Integer> broken = store.write(tx -> tx.update("INSERT INTO no_such_table VALUES (1)"));
    Future<Integer> alsoGood = store.write(tx -> tx.update(INSERT_META, "also-fine", "v"));

    Future.all(good, alsoGood).await(30, TimeUnit.SECONDS);
    Throwable failure = broken.transform(Future::succeededFuture).await(30, TimeUnit.SECONDS).cause();
    assertThat(((RelayException) failure).failure()).isEqualTo(Failure.UNAVAILABLE);
    assertThat(countOnDisk("SELECT count(*) FROM meta WHERE key LIKE '%fine'")).isEqualTo(2);
  }

  @Test
  void aBatchWhoseCommitFailsIsNotCountedAsCommitted() throws Exception {
    store.write(tx -> tx.update("CREATE TABLE parent (id INTEGER PRIMARY KEY)")).await(30, TimeUnit.SECONDS);
    store.write(tx -> tx.update("CREATE TABLE child (parent_id INTEGER"
        + " REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")).await(30, TimeUnit.SECONDS);
    long commits = counters.commits.get();
    long committedWrites = counters.committedWrites.get();

    Throwable failure = store.write(tx -> tx.update("INSERT INTO child (parent_id) VALUES (42)"))
        .transform(Future::succeededFuture).await(30, TimeUnit.SECONDS).cause();

    assertThat(((RelayException) failure).failure()).isEqualTo(Failure.UNAVAILABLE);
    assertThat(countOnDisk("SELECT count(*) FROM child")).isZero();
    assertThat(counters.commits.get()).isEqualTo(commits);
    assertThat(counters.committedWrites.get()).isEqualTo(committedWrites);
  }

  @Test
  void deliveriesArePublishedOnlyOnceTheyAreOnDisk(VertxTestContext test) throws Exception {
    store.write(RegisterAgent.withNewKey("test", agent("sender"))).await(30, TimeUnit.SECONDS);
    store.write(RegisterAgent.withNewKey("test", agent("receiver"))).await(30, TimeUnit.SECONDS);
    // published before the inbox event, so it would arrive first: the receiver polls, it has no webhook
    vertx.eventBus().<DeliveryEvent>localConsumer(Addresses.WEBHOOK_DELIVERY_COMMITTED,
        message -> test.failNow("a delivery to a polling agent went to the webhook dispatcher"));
    vertx.eventBus().<DeliveryEvent>localConsumer(Addresses.inbox("receiver"), message -> test.verify(() -> {
      DeliveryEvent event = message.body();
      assertThat(event.agentId()).isEqualTo("receiver");
      assertThat(countOnDisk("SELECT count(*) FROM deliveries WHERE delivery_id = '" + event.deliveryId() + "'"))
          .isEqualTo(1);
      assertThat(Json.readStored(event.itemJson()).get("seq").asLong()).isEqualTo(event.seq());
      test.completeNow();
    }));

    store.write(new CreateTask(agent("sender"), "receiver", "t", null, Priority.NORMAL, null, Json.object(),
        List.of(), null));
  }

  @Test
  void aReadThatThrowsIsAnsweredAsAFailureNotLeftToTimeOut() throws Exception {
    Throwable failure = store.read(reads -> {
      throw new IllegalStateException("broken query");
    }).transform(Future::succeededFuture).await(5, TimeUnit.SECONDS).cause();
    assertThat(((RelayException) failure).failure()).isEqualTo(Failure.UNAVAILABLE);
  }

  private static Agent agent(String id) {
    String now = Times.format(System.currentTimeMillis());
    return new Agent(id, id, null, null, List.of(), 2, Contact.POLL, Permissions.ALL, AgentStatus.OFFLINE, null,
        Json.object(), now, now);
  }

  private String pragma(String name) throws Exception {
    return store.read(reads -> reads.pool().query("PRAGMA " + name).execute()
        .map(rows -> String.valueOf(rows.iterator().next().getValue(0)))).await(30, TimeUnit.SECONDS);
  }

  /** Reads with a connection of its own, as another process would. */
  private long countOnDisk(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + config.database());
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
