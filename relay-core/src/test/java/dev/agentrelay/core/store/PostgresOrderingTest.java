package dev.agentrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.RelayCounters;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.service.ReadInbox;
import dev.agentrelay.core.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ordering rule on PostgreSQL with two writers: two stores (as two relay nodes would run them) on one database,
 * each with its own writer connection, send to overlapping recipients at once while readers page each inbox with
 * {@code after=}. A reader that skipped an item (saw seq n, and only later an unacked item below n) would never
 * see it, since it pages after n: every delivered seq must be among those it saw.
 */
class PostgresOrderingTest {

  private static final List<String> RECIPIENTS = List.of("r1", "r2", "r3", "r4");
  private static final int SENDS_PER_NODE = 5_000;
  private static final int IN_FLIGHT = 64;

  @TempDir
  Path dir;
  private final List<Vertx> nodes = new ArrayList<>();
  private final List<StoreDeployment> stores = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (StoreDeployment store : stores) {
      store.undeploy();
    }
    for (Vertx node : nodes) {
      node.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void readersPagingWithAfterNeverSkipAnItemWhileTwoWritersSendToTheSameRecipients() throws Exception {
    Map<String, String> env = new HashMap<>(TestPostgres.relayEnv(TestPostgres.freshDatabase()));
    env.put("RELAY_DATA_DIR", dir.toString());
    RelayConfig config = RelayConfig.from(env);
    StoreClient nodeA = deploy(config);
    StoreClient nodeB = deploy(config);

    Map<String, Set<Long>> delivered = new ConcurrentHashMap<>();
    Map<String, Set<Long>> seen = new ConcurrentHashMap<>();
    RECIPIENTS.forEach(r -> {
      delivered.put(r, ConcurrentHashMap.newKeySet());
      seen.put(r, ConcurrentHashMap.newKeySet());
    });
    AtomicBoolean sending = new AtomicBoolean(true);
    List<Thread> readers = RECIPIENTS.stream().map(r -> reader(nodes.get(1), r, sending, seen.get(r))).toList();
    readers.forEach(Thread::start);

    Thread senderA = sender(nodeA, 0, delivered);
    Thread senderB = sender(nodeB, 1, delivered);
    senderA.start();
    senderB.start();
    senderA.join();
    senderB.join();
    sending.set(false);
    for (Thread reader : readers) {
      reader.join();
    }

    long total = delivered.values().stream().mapToLong(Set::size).sum();
    assertThat(total).isEqualTo(2L * SENDS_PER_NODE + 2L * SENDS_PER_NODE / 10);
    for (String recipient : RECIPIENTS) {
      assertThat(new TreeSet<>(seen.get(recipient))).as("what %s's reader saw", recipient)
          .isEqualTo(new TreeSet<>(delivered.get(recipient)));
    }
  }

  private StoreClient deploy(RelayConfig config) throws Exception {
    Vertx node = Vertx.vertx();
    nodes.add(node);
    StoreDeployment store = StoreDeployment.deploy(node, config, new PendingDeliveries(), new RelayCounters());
    stores.add(store);
    return store.client();
  }

  /** Sends to one recipient at a time, and every tenth send to two (in opposite orders on the two nodes). */
  private static Thread sender(StoreClient store, int node, Map<String, Set<Long>> delivered) {
    return new Thread(() -> {
      List<Future<List<DeliveryStore.Delivered>>> inFlight = new ArrayList<>();
      for (int i = 0; i < SENDS_PER_NODE; i++) {
        List<String> to = new ArrayList<>();
        to.add(RECIPIENTS.get((i + node) % RECIPIENTS.size()));
        if (i % 10 == 0) {
          to.add(RECIPIENTS.get((i + node + 1) % RECIPIENTS.size()));
          if (node == 1) {
            java.util.Collections.reverse(to);
          }
        }
        inFlight.add(store.write(tx -> {
          List<DeliveryStore.Delivered> made = new ArrayList<>();
          for (String recipient : to) {
            made.add(DeliveryStore.deliver(tx, recipient, EventType.MESSAGE_NEW, "sender" + node, null, null,
                QueuedMessages.message("sender" + node, recipient), null));
          }
          return made;
        }));
        if (inFlight.size() == IN_FLIGHT) {
          settle(inFlight, delivered);
        }
      }
      settle(inFlight, delivered);
    });
  }

  private static void settle(List<Future<List<DeliveryStore.Delivered>>> inFlight, Map<String, Set<Long>> delivered) {
    for (Future<List<DeliveryStore.Delivered>> write : inFlight) {
      try {
        write.await(60, TimeUnit.SECONDS)
            .forEach(made -> delivered.get(made.agentId()).add(made.seq()));
      } catch (Exception e) {
        throw new AssertionError("a send failed: " + e, e);
      }
    }
    inFlight.clear();
  }

  /** Pages one inbox with after= while the senders run, then once more to its end after they stopped. */
  private static Thread reader(Vertx node, String recipient, AtomicBoolean sending, Set<Long> seen) {
    StoreClient store = new StoreClient(node);
    return new Thread(() -> {
      long after = 0;
      boolean last = false;
      while (true) {
        boolean senderRunning = sending.get();
        ReadInbox.Page page;
        try {
          page = store.read(new ReadInbox(recipient, after, null, 200)).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError("a read failed: " + e, e);
        }
        for (long seq : page.seqs()) {
          assertThat(seq).as("seqs of a page after %d", after).isGreaterThan(after);
          seen.add(seq);
        }
        after = page.nextAfter();
        if (page.isEmpty() && last) {
          return;
        }
        last = !senderRunning;
      }
    });
  }
}
