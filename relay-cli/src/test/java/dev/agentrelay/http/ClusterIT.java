package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.cli.RelayProcess;
import dev.agentrelay.core.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two relay processes from the built jar, clustered over loopback on one PostgreSQL database (API.md, "More than
 * one node"): pushes cross nodes, the ordering rule holds with senders on both, a key change on one node is honoured
 * by the other, and SIGKILL of a node loses no answered send, no webhook delivery and no streamed item. The nodes
 * start once for the class; the tests that kill a node come last, each first starting again a node an earlier one
 * left dead. The nodes' logs are kept in target/cluster-it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String HOLDS_DISPATCH = "this node now holds the role WEBHOOK_DISPATCH";
  private static final String GAVE_UP_DISPATCH = "this node no longer holds the role WEBHOOK_DISPATCH";
  private static final String A2A_PUSH_STARTED = "the A2A push dispatcher follows the";
  private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(30);
  /** How long a key changed through one node may take to be honoured by the other (the tests print how long). */
  private static final Duration KEY_CHANGE_TIMEOUT = Duration.ofSeconds(30);
  /** Where the nodes' logs are kept after the class, for a failure's post-mortem (failsafe runs in the module). */
  private static final Path LOGS = Path.of("target", "cluster-it");
  private static final Pattern LOAD_MARKER = Pattern.compile("load-\\d+-\\d+");

  @TempDir
  static Path dir;
  Vertx vertx;
  WebClient web;
  TwoNodeCluster cluster;
  final Map<Integer, Api> apis = new HashMap<>();
  long classStarted;

  @RegisterExtension
  final TestWatcher logsOnFailure = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      System.out.println("ClusterIT: " + context.getDisplayName() + " failed; the nodes' logs end with:\n"
          + cluster.tails());
    }
  };

  @BeforeAll
  void startTwoNodes() throws Exception {
    classStarted = System.nanoTime();
    vertx = Vertx.vertx();
    web = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(16));
    Map<String, String> env = new HashMap<>(TestPostgres.relayEnv(TestPostgres.freshDatabase()));
    env.put("RELAY_BOOTSTRAP_TOKEN", ADMIN);
    env.put("RELAY_RATE_LIMIT", "0");
    env.put("RELAY_WEBHOOK_ALLOW_LOCAL", "true");
    cluster = new TwoNodeCluster(dir, env);
    cluster.start();
    System.out.printf("ClusterIT: two nodes joined in %d ms%n", millisSince(classStarted));
  }

  @AfterAll
  void stopNodes() throws Exception {
    if (cluster != null) {
      cluster.kill();
      cluster.saveLogs(LOGS);
    }
    if (vertx != null) {
      TestRelay.await(vertx.close());
    }
    System.out.printf("ClusterIT: the class ran %d ms%n", millisSince(classStarted));
  }

  @Test
  @Order(1)
  void aStreamAndALongPollOnNodeBAreWokenBySendsThroughNodeA() {
    RelayProcess a = cluster.a();
    RelayProcess b = cluster.b();
    String key = register(a, "near", 2, new JsonObject());
    try (SseClient stream = SseClient.open(vertx, b.port(), "/api/v1/inbox/stream", key)) {
      assertThat(stream.status()).isEqualTo(200);
      long sent = System.nanoTime();
      String first = sendMessage(a, "near", "pushed across nodes");
      SseClient.Event event = stream.awaitEvent(PUSH_TIMEOUT);
      System.out.printf("ClusterIT: a send through A reached B's stream in %d ms%n", millisSince(sent));
      assertThat(event.event()).isEqualTo("message.new");
      assertThat(event.json().getJsonObject("message").getString("message_id")).isEqualTo(first);

      Future<Api.Reply> longPoll = api(b).sendAsync(HttpMethod.GET,
          "/api/v1/inbox?wait=20&after=" + event.seq(), key, null, Map.of());
      awaitLongPollWaiting(b);
      long woken = System.nanoTime();
      String second = sendMessage(a, "near", "wakes a long-poll across nodes");
      Api.Reply page = TestRelay.await(longPoll);
      long wokenMillis = millisSince(woken);
      System.out.printf("ClusterIT: a send through A answered B's long-poll in %d ms%n", wokenMillis);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      assertThat(page.array("items")).hasSize(1);
      assertThat(page.array("items").getJsonObject(0).getJsonObject("message").getString("message_id"))
          .isEqualTo(second);
      assertThat(wokenMillis).as("the long-poll answered well before its 20 s wait ran out").isLessThan(10_000);
      assertThat(stream.awaitEvent(PUSH_TIMEOUT).json().getJsonObject("message").getString("message_id"))
          .isEqualTo(second);
    }
  }

  @Test
  @Order(2)
  void pagesWithAfterOnEitherNodeSkipNothingWhileBothNodesTakeSends() throws Exception {
    orderingHolds("paged", 0, false);
  }

  @Test
  @Order(3)
  void longPollsAndStreamsOnEitherNodeSkipNothingWhileBothNodesTakeSends() throws Exception {
    orderingHolds("pushed", 2, true);
  }

  /**
   * The ordering rule with a sender on each node at once: two recipients, a pager per recipient (after=, each page
   * from the other node; long-polls of {@code pagerWaitSeconds} if not 0), and with {@code streams} an inbox stream
   * per recipient on each node. Afterwards every send answered 201 is in its inbox once, and no reader skipped an
   * item.
   */
  private void orderingHolds(String prefix, int pagerWaitSeconds, boolean streams) throws Exception {
    int sendsPerNode = 200;
    List<String> recipients = List.of(prefix + "-r0", prefix + "-r1");
    Map<String, String> keys = new LinkedHashMap<>();
    for (String recipient : recipients) {
      keys.put(recipient, register(cluster.a(), recipient, 2, new JsonObject()));
    }
    List<Watched> watched = new ArrayList<>();
    if (streams) {
      for (String recipient : recipients) {
        for (RelayProcess node : cluster.nodes()) {
          watched.add(new Watched(recipient + "'s stream on " + name(node), recipient,
              SseClient.open(vertx, node.port(), "/api/v1/inbox/stream", keys.get(recipient))));
        }
      }
    }
    try {
      AtomicBoolean sendersDone = new AtomicBoolean();
      Map<String, InboxPager> pagers = new LinkedHashMap<>();
      List<Thread> readers = new ArrayList<>();
      for (String recipient : recipients) {
        InboxPager pager = new InboxPager(List.of(api(cluster.a()), api(cluster.b())),
            List.of(name(cluster.a()), name(cluster.b())), keys.get(recipient), pagerWaitSeconds, sendersDone::get);
        pagers.put(recipient, pager);
        readers.add(thread(prefix + "-pager-" + recipient, pager));
      }
      Map<String, Set<String>> answered = new ConcurrentHashMap<>();
      List<String> refused = new CopyOnWriteArrayList<>();
      List<Thread> senders = new ArrayList<>();
      long started = System.nanoTime();
      for (RelayProcess node : cluster.nodes()) {
        senders.add(thread(prefix + "-sender-" + name(node), () -> {
          for (int i = 0; i < sendsPerNode; i++) {
            String recipient = recipients.get(i % recipients.size());
            Api.Reply reply = api(node).post("/api/v1/messages", ADMIN,
                new JsonObject().put("to_agent", recipient).put("content", "sent through " + name(node) + " #" + i));
            if (reply.status() == 201) {
              answered.computeIfAbsent(recipient, r -> ConcurrentHashMap.newKeySet())
                  .add(reply.json().getString("message_id"));
            } else {
              refused.add(reply.toString());
            }
          }
        }));
      }
      join(senders, Duration.ofSeconds(120));
      System.out.printf("ClusterIT: %s: %d sends through two nodes in %d ms%n", prefix, 2 * sendsPerNode,
          millisSince(started));
      sendersDone.set(true);
      join(readers, Duration.ofSeconds(60));
      assertThat(refused).as("sends not answered 201").isEmpty();

      List<String> skips = new ArrayList<>();
      for (String recipient : recipients) {
        List<JsonObject> inbox = wholeInbox(cluster.a(), keys.get(recipient));
        Map<Long, String> sentThrough = new LinkedHashMap<>();
        List<String> messageIds = new ArrayList<>();
        inbox.forEach(item -> {
          JsonObject message = item.getJsonObject("message");
          sentThrough.put(item.getLong("seq"), message.getJsonArray("parts").getJsonObject(0).getString("text"));
          messageIds.add(message.getString("message_id"));
        });
        assertThat(messageIds).as("%s's inbox holds every send answered 201, once", recipient)
            .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(answered.get(recipient));
        InboxPager pager = pagers.get(recipient);
        System.out.printf("ClusterIT: %s: %s's pager read %d items in %d pages%n", prefix, recipient,
            pager.seen().size(), pager.pages());
        assertThat(pager.violations()).as("%s's pager", recipient).isEmpty();
        for (long seq : missing(sentThrough.keySet(), pager.seen().keySet())) {
          skips.add(recipient + "'s pager skipped seq " + seq + " (" + sentThrough.get(seq) + "): "
              + pager.pageThatSkipped(seq));
        }
        for (Watched stream : watched) {
          if (stream.recipient().equals(recipient)) {
            List<SseClient.Event> events = collect(stream.stream(), inbox.size(), Duration.ofSeconds(30));
            assertStrictlyIncreasing(events, stream.name());
            Set<Long> streamed = new HashSet<>();
            events.forEach(event -> streamed.add(event.seq()));
            for (long seq : missing(sentThrough.keySet(), streamed)) {
              skips.add(stream.name() + " skipped seq " + seq + " (" + sentThrough.get(seq) + ")");
            }
          }
        }
      }
      assertThat(skips).as("items that readers skipped").isEmpty();
    } finally {
      watched.forEach(stream -> stream.stream().close());
    }
  }

  @Test
  @Order(4)
  void aKeyRotatedOrAnAgentRemovedThroughNodeAIsRefusedByNodeB() {
    RelayProcess a = cluster.a();
    RelayProcess b = cluster.b();
    String oldKey = register(a, "rotating", 2, new JsonObject());
    try (SseClient stream = SseClient.open(vertx, b.port(), "/api/v1/inbox/stream", oldKey)) {
      assertThat(stream.status()).isEqualTo(200);
      long rotatedAt = System.nanoTime();
      Api.Reply rotated = api(a).post("/api/v1/agents/rotating/keys", ADMIN, null);
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      long refusedAfter = awaitStatus(b, oldKey, 401, KEY_CHANGE_TIMEOUT);
      assertThat(refusedAfter).as("B refused the old key within %s", KEY_CHANGE_TIMEOUT).isPositive();
      System.out.printf("ClusterIT: a key rotated through A was refused by B %d ms after the rotation began%n",
          TimeUnit.NANOSECONDS.toMillis(refusedAfter - rotatedAt));
      String newKey = rotated.json().getString("api_key");
      assertThat(awaitStatus(b, newKey, 200, KEY_CHANGE_TIMEOUT)).as("B takes the new key").isPositive();
      stream.awaitBody(); // the stream opened with the old key ends

      long removedAt = System.nanoTime();
      Api.Reply removed = api(a).delete("/api/v1/agents/rotating", ADMIN);
      assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
      long goneAfter = awaitStatus(b, newKey, 401, KEY_CHANGE_TIMEOUT);
      assertThat(goneAfter).as("B refused the removed agent's key within %s", KEY_CHANGE_TIMEOUT).isPositive();
      System.out.printf("ClusterIT: an agent removed through A was refused by B %d ms after the removal began%n",
          TimeUnit.NANOSECONDS.toMillis(goneAfter - removedAt));
    }
  }

  @Test
  @Order(5)
  void aWebhookAgentGetsEveryDeliveryWhileTheDispatchingNodeIsKilled() throws Exception {
    cluster.ensureBothRunning();
    WebhookReceiver receiver = WebhookReceiver.start(vertx).delayAnswers(50);
    try {
      register(cluster.a(), "hooked", 2, new JsonObject().put("contact",
          new JsonObject().put("method", "webhook").put("webhook_url", receiver.url())));
      RelayProcess holder = dispatchRoleHolder();
      RelayProcess survivor = cluster.other(holder);
      Set<String> sent = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        sent.add(sendMessage(cluster.nodes().get(i % 2), "hooked", "hook before " + i));
      }
      List<WebhookReceiver.Received> arrived = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        arrived.add(receiver.next(Duration.ofSeconds(30)));
      }

      int survivorLogMark = survivor.log().size();
      long killedAt = System.nanoTime();
      holder.kill();
      for (int i = 0; i < 20; i++) {
        sent.add(sendMessage(survivor, "hooked", "hook after " + i));
      }
      int roleLine = survivor.awaitLogLine(HOLDS_DISPATCH, survivorLogMark, Duration.ofSeconds(45));
      long roleMillis = millisSince(killedAt);
      assertThat(roleLine).as("the survivor took the dispatch role, its log:%n%s", survivor.tail())
          .isNotNegative();

      Map<String, String> messageByWebhookId = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!delivered(arrived).containsAll(sent)) {
        long left = deadline - System.nanoTime();
        assertThat(left).as("deliveries still missing at the receiver: %s",
            missing(sent, delivered(arrived))).isPositive();
        arrived.add(receiver.next(Duration.ofNanos(left)));
      }
      arrived = receiver.all();
      long firstAfterKill = arrived.stream().filter(received -> received.arrivedNanos() > killedAt)
          .mapToLong(WebhookReceiver.Received::arrivedNanos).min().orElseThrow();
      long resumedMillis = TimeUnit.NANOSECONDS.toMillis(firstAfterKill - killedAt);
      System.out.printf("ClusterIT: webhook dispatch: the survivor took the role %d ms after the SIGKILL and its"
          + " first webhook arrived %d ms after it; %d requests for %d deliveries%n", roleMillis, resumedMillis,
          arrived.size(), sent.size());
      assertThat(resumedMillis).as("the survivor resumed within 30 s").isLessThanOrEqualTo(30_000);

      List<Long> firstAttemptSeqs = new ArrayList<>();
      for (WebhookReceiver.Received received : arrived) {
        JsonObject item = received.data();
        String webhookId = received.header("webhook-id");
        assertThat(webhookId).as("webhook-id of %s", item).isEqualTo(item.getString("delivery_id"));
        String message = item.getJsonObject("message").getString("message_id");
        String before = messageByWebhookId.putIfAbsent(webhookId, message);
        assertThat(before == null || before.equals(message)).as("webhook-id %s kept its delivery", webhookId)
            .isTrue();
        if (before == null) {
          firstAttemptSeqs.add(item.getLong("seq"));
        }
      }
      assertThat(messageByWebhookId).as("one webhook-id per delivery").hasSize(sent.size());
      assertThat(firstAttemptSeqs).as("deliveries first attempted in seq order").isSorted();
    } finally {
      receiver.close();
    }
  }

  @Test
  @Order(6)
  void streamsOfAKilledNodeResumeOnTheSurvivorWithLastEventIdAndMissNothing() throws Exception {
    cluster.ensureBothRunning();
    RelayProcess victim = dispatchRoleHolder();
    RelayProcess survivor = cluster.other(victim);
    List<String> recipients = List.of("resume-r0", "resume-r1", "resume-r2");
    Map<String, String> keys = new LinkedHashMap<>();
    Map<String, SseClient> streams = new LinkedHashMap<>();
    List<SseClient> resumed = new ArrayList<>();
    for (String recipient : recipients) {
      keys.put(recipient, register(survivor, recipient, 2, new JsonObject()));
      streams.put(recipient, SseClient.open(vertx, victim.port(), "/api/v1/inbox/stream", keys.get(recipient)));
    }
    SpreadLoad load = new SpreadLoad(this::api, ADMIN, recipients).start(victim, survivor, 2);
    try {
      load.awaitAnswers(150, Duration.ofSeconds(60));
      victim.kill();
      load.awaitAnswers(150, Duration.ofSeconds(60));
      load.stop();

      List<String> misses = new ArrayList<>();
      for (String recipient : recipients) {
        SseClient old = streams.get(recipient);
        awaitEnd(old);
        List<SseClient.Event> events = new ArrayList<>(old.drainEvents());
        String lastEventId = events.isEmpty() ? null : events.get(events.size() - 1).id();
        SseClient again = SseClient.open(vertx, survivor.port(), "/api/v1/inbox/stream", keys.get(recipient),
            lastEventId);
        resumed.add(again);
        Set<Long> inboxSeqs = new TreeSet<>();
        wholeInbox(survivor, keys.get(recipient)).forEach(item -> inboxSeqs.add(item.getLong("seq")));
        events.addAll(collect(again, inboxSeqs.size() - events.size(), Duration.ofSeconds(30)));
        assertStrictlyIncreasing(events, recipient + "'s stream, then its resumption on the survivor");
        Set<Long> seen = new HashSet<>();
        events.forEach(event -> seen.add(event.seq()));
        missing(inboxSeqs, seen).forEach(seq -> misses.add(recipient + "'s stream (Last-Event-ID " + lastEventId
            + " on the survivor) missed seq " + seq));
      }
      assertThat(misses).as("items the streams missed across the kill").isEmpty();
    } finally {
      load.stop();
      streams.values().forEach(SseClient::close);
      resumed.forEach(SseClient::close);
    }
  }

  @Test
  @Order(7)
  void killingANodeUnderLoadLosesNoSendItAnswered201() throws Exception {
    cluster.ensureBothRunning();
    RelayProcess victim = dispatchRoleHolder();
    RelayProcess survivor = cluster.other(victim);
    List<String> recipients = List.of("load-r0", "load-r1", "load-r2");
    Map<String, String> keys = new LinkedHashMap<>();
    for (String recipient : recipients) {
      keys.put(recipient, register(survivor, recipient, 2, new JsonObject()));
    }
    SpreadLoad load = new SpreadLoad(this::api, ADMIN, recipients).start(victim, survivor, 2);
    long killedAt;
    int answeredAtKill;
    try {
      load.awaitAnswers(150, Duration.ofSeconds(60));
      killedAt = System.nanoTime();
      victim.kill();
      answeredAtKill = load.answered().size();
      load.awaitAnswers(150, Duration.ofSeconds(60));
    } finally {
      load.stop();
    }
    System.out.printf("ClusterIT: under load: %d sends answered 201 (%d before the SIGKILL); the killed node's"
        + " senders had their first 201 from the survivor %d ms after it%n", load.answered().size(),
        answeredAtKill, TimeUnit.NANOSECONDS.toMillis(load.firstAnswerAfterMoving() - killedAt));
    assertThat(load.refused()).as("sends answered neither 201 nor cut off by the kill").isEmpty();
    assertThat(survivor.state()).as("the survivor").isEqualTo("running");

    for (String recipient : recipients) {
      Map<String, Integer> copies = new HashMap<>();
      Map<String, Integer> markers = new HashMap<>();
      for (JsonObject item : wholeInbox(survivor, keys.get(recipient))) {
        JsonObject message = item.getJsonObject("message");
        copies.merge(message.getString("message_id"), 1, Integer::sum);
        Matcher marker = LOAD_MARKER.matcher(message.encode());
        markers.merge(marker.find() ? marker.group() : "no marker", 1, Integer::sum);
      }
      List<String> wrong = new ArrayList<>();
      load.answered().forEach((messageId, to) -> {
        if (to.equals(recipient) && copies.getOrDefault(messageId, 0) != 1) {
          wrong.add(messageId + " x" + copies.getOrDefault(messageId, 0));
        }
      });
      assertThat(wrong).as("sends to %s answered 201 but not in its inbox exactly once", recipient).isEmpty();
      markers.forEach((marker, count) -> assertThat(count).as("copies of %s in %s's inbox", marker, recipient)
          .isEqualTo(1));
    }
  }

  /** An inbox stream a test follows, named for failure messages. */
  private record Watched(String name, String recipient, SseClient stream) {
  }

  /** The live node whose current run logged last that it took the webhook dispatch role, not that it let go. */
  private RelayProcess dispatchRoleHolder() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (RelayProcess node : cluster.nodes()) {
        if (node.alive() && holdsDispatch(node)) {
          return node;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no node logged that it holds the webhook dispatch role:\n" + cluster.tails());
  }

  private static boolean holdsDispatch(RelayProcess node) {
    List<String> log = node.log();
    for (int i = log.size() - 1; i >= node.runStart(); i--) {
      if (log.get(i).contains(GAVE_UP_DISPATCH)) {
        return false;
      }
      if (log.get(i).contains(HOLDS_DISPATCH)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> delivered(List<WebhookReceiver.Received> arrived) {
    Set<String> messages = new HashSet<>();
    arrived.forEach(received -> messages.add(received.data().getJsonObject("message").getString("message_id")));
    return messages;
  }

  private String name(RelayProcess node) {
    return node == cluster.a() ? "node A" : "node B";
  }

  private Api api(RelayProcess node) {
    return apis.computeIfAbsent(node.port(), port -> new Api(web, "127.0.0.1", port));
  }

  /** Registers an agent through {@code via} and waits until the other node takes its key too. */
  private String register(RelayProcess via, String agentId, int tier, JsonObject extra) {
    String key = api(via).register(agentId, tier, extra);
    assertThat(awaitStatus(cluster.other(via), key, 200, Duration.ofSeconds(10)))
        .as("the other node knows %s", agentId).isPositive();
    return key;
  }

  private String sendMessage(RelayProcess via, String to, String content) {
    Api.Reply reply = api(via).post("/api/v1/messages", ADMIN,
        new JsonObject().put("to_agent", to).put("content", content));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json().getString("message_id");
  }

  /**
   * Polls {@code GET /whoami} on {@code node} with {@code key} until it answers {@code status}: answers the
   * System.nanoTime() of that answer, or -1 when it did not come within {@code timeout}. Bounded polling: a client
   * cannot wait for a key to change on another node.
   */
  private long awaitStatus(RelayProcess node, String key, int status, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Api.Reply reply = api(node).get("/api/v1/whoami", key);
      if (reply.status() == status) {
        return System.nanoTime();
      }
      pause(10);
    }
    return -1;
  }

  @Test
  @Order(8)
  void a2aPushesGoOutOnceFromTheDispatchingNodeAndGoOnFromTheSurvivorWhenItIsKilled() throws Exception {
    cluster.ensureBothRunning();
    WebhookReceiver receiver = WebhookReceiver.start(vertx);
    try {
      RelayProcess holder = dispatchRoleHolder();
      RelayProcess other = cluster.other(holder);
      assertThat(holder.awaitLogLine(A2A_PUSH_STARTED, holder.runStart(), Duration.ofSeconds(30)))
          .as("the dispatching node follows the A2A tasks, its log:%n%s", holder.tail()).isNotNegative();
      String worker = register(holder, "a2a-worker", 2, new JsonObject());
      String caller = register(holder, "a2a-caller", 2, new JsonObject().put("permissions",
          new JsonObject().put("can_send_to", new JsonArray().add("a2a-worker"))));
      String taskId = a2aTask(other, caller, "a2a-1");
      // a config saved through each node: both are pushed by the one node that dispatches, each update once
      pushConfig(other, caller, taskId, "via-other", receiver);
      pushConfig(holder, caller, taskId, "via-holder", receiver);

      updateTask(other, worker, taskId, "working");
      List<String> pushed = new ArrayList<>(awaitPushes(receiver, 2));

      int survivorLogMark = other.log().size();
      holder.kill();
      assertThat(other.awaitLogLine(A2A_PUSH_STARTED, survivorLogMark, Duration.ofSeconds(45)))
          .as("the survivor took over the A2A pushes, its log:%n%s", other.tail()).isNotNegative();
      updateTask(other, worker, taskId, "input_needed");
      // the survivor pushes again what the killed node pushed and had not yet recorded, under the same webhook-id
      List<String> repeated = new ArrayList<>();
      pushed.addAll(awaitPushes(receiver, 2, Set.copyOf(pushed), repeated));

      // the killed node comes back without the role and pushes nothing, also of the tasks it saved configs for
      // (the writes go through the survivor: a node that just joined may not yet know where to carry its commits)
      cluster.ensureBothRunning();
      updateTask(other, worker, taskId, "completed");
      pushed.addAll(awaitPushes(receiver, 2));
      // behind any second push of the above from another node: the next task's, from the one dispatcher
      String next = a2aTask(other, caller, "a2a-2");
      pushConfig(other, caller, next, "next", receiver);
      updateTask(other, worker, next, "working");
      pushed.addAll(awaitPushes(receiver, 1));

      assertThat(pushed).containsExactly(
          "via-holder TASK_STATE_WORKING", "via-other TASK_STATE_WORKING",
          "via-holder TASK_STATE_INPUT_REQUIRED", "via-other TASK_STATE_INPUT_REQUIRED",
          "via-holder TASK_STATE_COMPLETED", "via-other TASK_STATE_COMPLETED",
          "next TASK_STATE_WORKING");
      assertThat(receiver.count()).as("pushes received in all (%s pushed again)", repeated)
          .isEqualTo(pushed.size() + repeated.size());
    } finally {
      receiver.close();
    }
  }

  private String a2aTask(RelayProcess via, String caller, String messageId) {
    return new A2aCalls(via.port()).result(caller, "a2a-worker", "SendMessage",
        A2aCalls.sendParams(A2aCalls.message(messageId, "task " + messageId), true)).getJsonObject("task")
        .getString("id");
  }

  private void pushConfig(RelayProcess via, String caller, String taskId, String id, WebhookReceiver receiver) {
    new A2aCalls(via.port()).result(caller, "a2a-worker", "CreateTaskPushNotificationConfig",
        new JsonObject().put("taskId", taskId).put("url", receiver.url()).put("id", id));
  }

  private void updateTask(RelayProcess via, String worker, String taskId, String status) {
    Api.Reply reply = api(via).put("/api/v1/tasks/" + taskId, worker, new JsonObject().put("status", status));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  /** The next {@code n} pushes, each as its config id and the state it tells, sorted (configs go out at once). */
  private static List<String> awaitPushes(WebhookReceiver receiver, int n) {
    return awaitPushes(receiver, n, Set.of(), new ArrayList<>());
  }

  /** The same, but for the pushes in {@code mayRepeat}, which are put in {@code repeated} instead. */
  private static List<String> awaitPushes(WebhookReceiver receiver, int n, Set<String> mayRepeat,
      List<String> repeated) {
    List<String> pushes = new ArrayList<>();
    while (pushes.size() < n) {
      WebhookReceiver.Received push = receiver.next(Duration.ofSeconds(30));
      String webhookId = push.header("webhook-id");
      String described = webhookId.substring(webhookId.lastIndexOf(':') + 1) + " "
          + push.json().getJsonObject("statusUpdate").getJsonObject("status").getString("state");
      (mayRepeat.contains(described) ? repeated : pushes).add(described);
    }
    pushes.sort(null);
    return pushes;
  }

  private void awaitLongPollWaiting(RelayProcess node) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (api(node).get("/api/v1/stats", ADMIN).json().getLong("long_poll_waiters") < 1) {
      assertThat(System.nanoTime()).as("the long-poll waits on %s", node.url()).isLessThan(deadline);
      pause(10);
    }
  }

  /** Every unacknowledged item of the key's inbox, paged with after= through {@code node}. */
  private List<JsonObject> wholeInbox(RelayProcess node, String key) {
    List<JsonObject> items = new ArrayList<>();
    long after = 0;
    while (true) {
      Api.Reply page = api(node).get("/api/v1/inbox?limit=200&after=" + after, key);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      if (page.array("items").isEmpty()) {
        return items;
      }
      page.array("items").forEach(item -> items.add((JsonObject) item));
      after = page.json().getLong("next_after");
    }
  }

  /** Up to {@code n} events, as many as come within {@code timeout}. */
  private static List<SseClient.Event> collect(SseClient stream, int n, Duration timeout) {
    List<SseClient.Event> events = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.size() < n && System.nanoTime() < deadline) {
      try {
        events.add(stream.awaitEvent(Duration.ofNanos(deadline - System.nanoTime())));
      } catch (AssertionError timedOut) {
        break;
      }
    }
    events.addAll(stream.drainEvents());
    return events;
  }

  /** Waits until a stream of a killed node has ended (closed or reset), so that every event it got is in. */
  private static void awaitEnd(SseClient stream) {
    try {
      stream.awaitBody();
    } catch (AssertionError reset) {
      // a connection reset ends it as well
    }
  }

  private static void assertStrictlyIncreasing(List<SseClient.Event> events, String stream) {
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).seq()).as("%s: event %d after seq %d", stream, i, events.get(i - 1).seq())
          .isGreaterThan(events.get(i - 1).seq());
    }
  }

  private static <T> Set<T> missing(Set<T> expected, Set<T> got) {
    Set<T> missing = new TreeSet<>(expected);
    missing.removeAll(got);
    return missing;
  }

  private static Thread thread(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void join(List<Thread> threads, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      assertThat(thread.isAlive()).as("%s finished within %s", thread.getName(), timeout).isFalse();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
