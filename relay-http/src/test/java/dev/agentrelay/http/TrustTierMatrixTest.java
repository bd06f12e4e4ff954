package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every cell of the trust-tier matrix (API.md "Trust tiers", docs/USING.md "Trust tiers"): an agent "me" of
 * tier 1, 2 or 3 whose can_send_to is ["friend", "picky"] acts on itself, on other agents and on tasks
 * it is or is not party to. "friend" and "stranger" are tier 2 with default permissions; "picky" is
 * tier 2 and reads only from "admin". Every refusal is a 403 problem that changes nothing.
 */
@ExtendWith(RelayExtension.class)
class TrustTierMatrixTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;
  private static final String ME = "me";

  TestRelay relay;
  Api api;
  String friend;
  String stranger;
  String picky;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
    friend = api.register("friend", 2);
    stranger = api.register("stranger", 2);
    picky = api.register("picky", 2, new JsonObject().put("permissions",
        new JsonObject().put("can_read_from", new JsonArray().add("admin"))));
  }

  /** Registers "me" at {@code tier}, allowed to send to "friend" and "picky" only, and answers its key. */
  private String me(int tier) {
    return api.register(ME, tier, new JsonObject().put("permissions",
        new JsonObject().put("can_send_to", new JsonArray().add("friend").add("picky"))));
  }

  // ---------------------------------------------------------------- agents

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void registeringAnAgentNeedsTier1(int tier) {
    String key = me(tier);
    Api.Reply reply = api.post("/api/v1/agents", key, new JsonObject().put("agent_id", "newcomer"));
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      assertThat(api.get("/api/v1/agents/newcomer", ADMIN).status()).isEqualTo(200);
    } else {
      assertForbidden(reply);
      assertThat(api.get("/api/v1/agents/newcomer", ADMIN).status()).isEqualTo(404);
    }
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierListsAllAgents(int tier) {
    String key = me(tier);
    Api.Reply reply = api.get("/api/v1/agents", key);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(agentIds(reply.array("agents"))).containsExactlyInAnyOrder("admin", "friend", "stranger", "picky", ME);
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierReadsAnyAgent(int tier) {
    String key = me(tier);
    Api.Reply reply = api.get("/api/v1/agents/stranger", key);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().getString("agent_id")).isEqualTo("stranger");
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierHeartbeatsItself(int tier) {
    String key = me(tier);
    Api.Reply reply = api.post("/api/v1/agents/me/heartbeat", key, new JsonObject().put("status", "busy"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(api.get("/api/v1/agents/me", ADMIN).json().getString("status")).isEqualTo("busy");
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void heartbeatingAnotherAgentNeedsTier1(int tier) {
    String key = me(tier);
    JsonObject before = api.get("/api/v1/agents/stranger", ADMIN).json();
    Api.Reply reply = api.post("/api/v1/agents/stranger/heartbeat", key, new JsonObject().put("status", "busy"));
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(api.get("/api/v1/agents/stranger", ADMIN).json().getString("status")).isEqualTo("busy");
    } else {
      assertForbidden(reply);
      assertThat(api.get("/api/v1/agents/stranger", ADMIN).json()).isEqualTo(before);
    }
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierRotatesItsOwnKey(int tier) {
    String old = me(tier);
    Api.Reply reply = api.post("/api/v1/agents/me/keys", old, null);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(api.get("/api/v1/agents", old).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/agents", reply.json().getString("api_key")).status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void rotatingAnotherAgentsKeyNeedsTier1(int tier) {
    String key = me(tier);
    Api.Reply reply = api.post("/api/v1/agents/stranger/keys", key, null);
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(api.get("/api/v1/agents", stranger).status()).isEqualTo(401);
    } else {
      assertForbidden(reply);
      assertThat(reply.body()).doesNotContain("api_key");
      assertThat(api.get("/api/v1/agents", stranger).status()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierDeletesItself(int tier) {
    String key = me(tier);
    assertThat(api.delete("/api/v1/agents/me", key).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/agents/me", ADMIN).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/agents", key).status()).isEqualTo(401);
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void deletingAnotherAgentNeedsTier1(int tier) {
    String key = me(tier);
    Api.Reply reply = api.delete("/api/v1/agents/stranger", key);
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(204);
      assertThat(api.get("/api/v1/agents/stranger", ADMIN).status()).isEqualTo(404);
    } else {
      assertForbidden(reply);
      assertThat(api.get("/api/v1/agents/stranger", ADMIN).status()).isEqualTo(200);
      assertThat(api.get("/api/v1/agents", stranger).status()).isEqualTo(200);
    }
  }

  // ---------------------------------------------------------------- creating tasks

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierCreatesATaskForARecipientInItsCanSendTo(int tier) {
    String key = me(tier);
    Api.Reply reply = api.post("/api/v1/tasks", key, task("friend"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().getString("from_agent")).isEqualTo(ME);
    assertThat(allTaskIds()).containsExactly(reply.json().getString("task_id"));
    assertThat(events(api.inbox(friend))).containsExactly("task.created");
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void creatingATaskForARecipientOutsideCanSendToNeedsTier1(int tier) {
    String key = me(tier);
    Api.Reply reply = api.post("/api/v1/tasks", key, task("stranger"));
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      assertThat(allTaskIds()).hasSize(1);
      assertThat(events(api.inbox(stranger))).containsExactly("task.created");
    } else {
      assertForbidden(reply);
      assertThat(reply.json().getString("detail")).contains("can_send_to");
      assertThat(allTaskIds()).isEmpty();
      assertThat(events(api.inbox(stranger))).isEmpty();
    }
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void aRecipientsCanReadFromFiltersTaskSendersOfTiers2And3Only(int tier) {
    String key = me(tier);
    Api.Reply reply = api.post("/api/v1/tasks", key, task("picky"));
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      assertThat(allTaskIds()).hasSize(1);
      assertThat(events(api.inbox(picky))).containsExactly("task.created");
    } else {
      assertForbidden(reply);
      assertThat(reply.json().getString("detail")).contains("can_read_from");
      assertThat(allTaskIds()).isEmpty();
      assertThat(events(api.inbox(picky))).isEmpty();
    }
  }

  // ---------------------------------------------------------------- reading and moving tasks

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void listingTasksShowsOnlyOwnTasksBelowTier1(int tier) {
    String key = me(tier);
    String toMe = api.createTask(ADMIN, ME, "for me");
    String fromMe = api.createTask(key, "friend", "from me");
    String unrelated = api.createTask(friend, "stranger", "not mine");

    Api.Reply all = api.get("/api/v1/tasks?limit=200", key);
    assertThat(all.status()).as(all.toString()).isEqualTo(200);
    Api.Reply filtered = api.get("/api/v1/tasks?to=stranger", key);
    assertThat(filtered.status()).as(filtered.toString()).isEqualTo(200);
    if (tier == 1) {
      assertThat(taskIds(all)).containsExactlyInAnyOrder(toMe, fromMe, unrelated);
      assertThat(taskIds(filtered)).containsExactly(unrelated);
    } else {
      assertThat(taskIds(all)).containsExactlyInAnyOrder(toMe, fromMe);
      assertThat(taskIds(filtered)).isEmpty();
    }
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierReadsATaskItIsPartyTo(int tier) {
    String key = me(tier);
    String toMe = api.createTask(friend, ME, "for me");
    Api.Reply reply = api.get("/api/v1/tasks/" + toMe, key);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().getString("task_id")).isEqualTo(toMe);
    assertThat(reply.json().getJsonArray("messages")).isNotNull();
    assertThat(reply.json().getJsonArray("artifacts")).isNotNull();
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void readingATaskAsAnOutsiderNeedsTier1(int tier) {
    String key = me(tier);
    String unrelated = api.createTask(friend, "stranger", "not mine");
    Api.Reply reply = api.get("/api/v1/tasks/" + unrelated, key);
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(reply.json().getString("task_id")).isEqualTo(unrelated);
    } else {
      assertForbidden(reply);
      assertThat(reply.body()).doesNotContain("not mine");
    }
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierMovesATaskAddressedToIt(int tier) {
    String key = me(tier);
    String toMe = api.createTask(stranger, ME, "for me");
    Api.Reply reply = api.put("/api/v1/tasks/" + toMe, key,
        new JsonObject().put("status", "working").put("message", "on it"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(taskStatus(toMe)).isEqualTo("working");
    assertThat(events(api.inbox(stranger))).containsExactly("task.updated");
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void movingATaskAsAnOutsiderNeedsTier1(int tier) {
    String key = me(tier);
    String unrelated = api.createTask(friend, "stranger", "not mine");
    Api.Reply reply = api.put("/api/v1/tasks/" + unrelated, key,
        new JsonObject().put("status", "accepted").put("message", "meddling"));
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(taskStatus(unrelated)).isEqualTo("accepted");
    } else {
      assertForbidden(reply);
      assertThat(taskStatus(unrelated)).isEqualTo("submitted");
      assertThat(api.get("/api/v1/tasks/" + unrelated, ADMIN).json().getJsonArray("messages")).isEmpty();
      assertThat(events(api.inbox(friend))).isEmpty();
      assertThat(events(api.inbox(stranger))).containsExactly("task.created");
    }
  }

  // ---------------------------------------------------------------- messages

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierSendsADirectMessageToARecipientInItsCanSendTo(int tier) {
    String key = me(tier);
    Api.Reply reply = api.post("/api/v1/messages", key, directMessage("friend"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().getString("to_agent")).isEqualTo("friend");
    assertThat(events(api.inbox(friend))).containsExactly("message.new");
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void aDirectMessageOutsideCanSendToNeedsTier1(int tier) {
    String key = me(tier);
    Api.Reply reply = api.post("/api/v1/messages", key, directMessage("stranger"));
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      assertThat(events(api.inbox(stranger))).containsExactly("message.new");
    } else {
      assertForbidden(reply);
      assertThat(reply.json().getString("detail")).contains("can_send_to");
      assertThat(events(api.inbox(stranger))).isEmpty();
    }
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void aRecipientsCanReadFromFiltersDirectMessagesOfTiers2And3Only(int tier) {
    String key = me(tier);
    Api.Reply reply = api.post("/api/v1/messages", key, directMessage("picky"));
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      assertThat(events(api.inbox(picky))).containsExactly("message.new");
    } else {
      assertForbidden(reply);
      assertThat(reply.json().getString("detail")).contains("can_read_from");
      assertThat(events(api.inbox(picky))).isEmpty();
    }
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void aPartyRepliesInATaskAddressedToItWhateverItsCanSendTo(int tier) {
    String key = me(tier);
    String fromStranger = api.createTask(stranger, ME, "help");
    Api.Reply reply = api.post("/api/v1/messages", key,
        new JsonObject().put("task_id", fromStranger).put("content", "done soon"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().getString("to_agent")).isEqualTo("stranger");
    assertThat(events(api.inbox(stranger))).containsExactly("message.new");
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void aPartyRepliesInATaskWhateverTheOtherPartysCanReadFrom(int tier) {
    String key = me(tier);
    String fromPicky = api.createTask(picky, ME, "help");
    Api.Reply reply = api.post("/api/v1/messages", key,
        new JsonObject().put("task_id", fromPicky).put("content", "on my way"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().getString("to_agent")).isEqualTo("picky");
    assertThat(events(api.inbox(picky))).containsExactly("message.new");
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void messagingATaskAsAnOutsiderNeedsTier1(int tier) {
    String key = me(tier);
    String unrelated = api.createTask(friend, "stranger", "not mine");
    Api.Reply reply = api.post("/api/v1/messages", key,
        new JsonObject().put("task_id", unrelated).put("content", "butting in"));
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      assertThat(reply.json().getString("to_agent")).isEqualTo("stranger");
      assertThat(events(api.inbox(stranger))).containsExactly("task.created", "message.new");
    } else {
      assertForbidden(reply);
      assertThat(api.get("/api/v1/tasks/" + unrelated, ADMIN).json().getJsonArray("messages")).isEmpty();
      assertThat(events(api.inbox(stranger))).containsExactly("task.created");
      assertThat(events(api.inbox(friend))).isEmpty();
    }
  }

  // ---------------------------------------------------------------- artifacts

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierAttachesAnArtifactToATaskItIsPartyTo(int tier) {
    String key = me(tier);
    String fromStranger = api.createTask(stranger, ME, "help");
    Api.Reply reply = api.post("/api/v1/tasks/" + fromStranger + "/artifacts", key, artifact());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(api.get("/api/v1/tasks/" + fromStranger, ADMIN).json().getJsonArray("artifacts")).hasSize(1);
    assertThat(events(api.inbox(stranger))).containsExactly("artifact.new");
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void attachingAnArtifactAsAnOutsiderNeedsTier1(int tier) {
    String key = me(tier);
    String unrelated = api.createTask(friend, "stranger", "not mine");
    Api.Reply reply = api.post("/api/v1/tasks/" + unrelated + "/artifacts", key, artifact());
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      assertThat(api.get("/api/v1/tasks/" + unrelated, ADMIN).json().getJsonArray("artifacts")).hasSize(1);
    } else {
      assertForbidden(reply);
      assertThat(api.get("/api/v1/tasks/" + unrelated, ADMIN).json().getJsonArray("artifacts")).isEmpty();
      assertThat(events(api.inbox(stranger))).containsExactly("task.created");
      assertThat(events(api.inbox(friend))).isEmpty();
    }
  }

  // ---------------------------------------------------------------- broadcast

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void broadcastReachesEveryoneFromTier1ItsAcceptingCanSendToFromTier2AndIsRefusedToTier3(int tier) {
    String key = me(tier);
    Api.Reply reply = api.post("/api/v1/broadcast", key, new JsonObject().put("content", "hello all"));
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      assertThat(reply.json().getInteger("recipients")).isEqualTo(4);
      assertThat(events(api.inbox(friend))).containsExactly("broadcast");
      assertThat(events(api.inbox(stranger))).containsExactly("broadcast");
      assertThat(events(api.inbox(picky))).containsExactly("broadcast");
      assertThat(events(api.inbox(ADMIN))).containsExactly("broadcast");
    } else if (tier == 2) {
      // can_send_to is friend and picky; picky reads only from admin
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      assertThat(reply.json().getInteger("recipients")).isEqualTo(1);
      assertThat(events(api.inbox(friend))).containsExactly("broadcast");
      assertThat(events(api.inbox(stranger))).isEmpty();
      assertThat(events(api.inbox(picky))).isEmpty();
      assertThat(events(api.inbox(ADMIN))).isEmpty();
    } else {
      assertForbidden(reply);
      assertThat(events(api.inbox(friend))).isEmpty();
      assertThat(events(api.inbox(picky))).isEmpty();
      assertThat(events(api.inbox(ADMIN))).isEmpty();
    }
  }

  // ---------------------------------------------------------------- inboxes

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void anyTierReadsItsOwnInboxAlsoByNamingItself(int tier) {
    String key = me(tier);
    api.createTask(friend, ME, "for me");
    assertThat(events(api.inbox(key))).containsExactly("task.created");
    Api.Reply named = api.get("/api/v1/inbox?agent_id=me", key);
    assertThat(named.status()).as(named.toString()).isEqualTo(200);
    assertThat(events(named.json())).containsExactly("task.created");
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void readingAnotherAgentsInboxNeedsTier1(int tier) {
    String key = me(tier);
    api.createTask(friend, "stranger", "not mine");
    Api.Reply reply = api.get("/api/v1/inbox?agent_id=stranger", key);
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(events(reply.json())).containsExactly("task.created");
    } else {
      assertForbidden(reply);
      assertThat(reply.body()).doesNotContain("not mine");
    }
    assertThat(events(api.inbox(stranger))).containsExactly("task.created");
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void acknowledgingAnotherAgentsInboxNeedsTier1(int tier) {
    String key = me(tier);
    api.createTask(friend, "stranger", "not mine");
    Api.Reply reply = api.post("/api/v1/inbox/ack?agent_id=stranger", key,
        new JsonObject().put("up_to_seq", Long.MAX_VALUE));
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(reply.json().getInteger("acknowledged")).isEqualTo(1);
      assertThat(events(api.inbox(stranger))).isEmpty();
    } else {
      assertForbidden(reply);
      assertThat(events(api.inbox(stranger))).containsExactly("task.created");
    }
  }

  // ---------------------------------------------------------------- operations

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void readingTheAuditLogNeedsTier1(int tier) {
    String key = me(tier);
    Api.Reply reply = api.get("/api/v1/audit", key);
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(reply.array("entries")).isNotEmpty();
    } else {
      assertForbidden(reply);
      assertThat(reply.body()).doesNotContain("entries");
    }
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void readingTheStatsNeedsTier1(int tier) {
    String key = me(tier);
    Api.Reply reply = api.get("/api/v1/stats", key);
    if (tier == 1) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      assertThat(reply.json().getJsonObject("agents").getLong("total")).isEqualTo(5L);
    } else {
      assertForbidden(reply);
      assertThat(reply.body()).doesNotContain("deliveries");
    }
  }

  @ParameterizedTest(name = "tier {0}")
  @ValueSource(ints = {1, 2, 3})
  void aWebhookUrlIsShownToTier1AndTheAgentItselfOnly(int tier) {
    String url = "http://10.1.2.3/hook?token=url-borne-secret";
    String key = api.post("/api/v1/agents", TestRelay.ADMIN_KEY, new JsonObject().put("agent_id", ME)
        .put("trust_tier", tier).put("contact", new JsonObject().put("method", "webhook").put("webhook_url", url)))
        .json().getString("api_key");
    assertThat(api.get("/api/v1/agents/" + ME, key).json().getJsonObject("contact").getString("webhook_url"))
        .as("its own").isEqualTo(url);
    Api.Reply seenByFriend = api.get("/api/v1/agents/" + ME, friend);
    assertThat(seenByFriend.body()).as("a tier-2 peer's view").doesNotContain("url-borne-secret");

    assertThat(api.post("/api/v1/agents", TestRelay.ADMIN_KEY, new JsonObject().put("agent_id", "other-hook")
        .put("contact", new JsonObject().put("method", "webhook").put("webhook_url", url + "-other"))).status())
        .isEqualTo(201);
    Api.Reply list = api.get("/api/v1/agents", key);
    if (tier == 1) {
      assertThat(list.body()).contains(url + "-other");
    } else {
      assertThat(list.body()).doesNotContain(url + "-other").contains(url);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void assertForbidden(Api.Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    JsonObject problem = reply.json();
    assertThat(problem.getString("code")).isEqualTo("forbidden");
    assertThat(problem.getInteger("status")).isEqualTo(403);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
  }

  private static JsonObject task(String to) {
    return new JsonObject().put("to_agent", to).put("title", "a job").put("content", "please");
  }

  private static JsonObject directMessage(String to) {
    return new JsonObject().put("to_agent", to).put("content", "hi");
  }

  private static JsonObject artifact() {
    return new JsonObject().put("name", "report.txt").put("content", "all good").put("mime_type", "text/plain");
  }

  /** Every task in the relay, as the admin sees it. */
  private List<String> allTaskIds() {
    Api.Reply reply = api.get("/api/v1/tasks?limit=200", ADMIN);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return taskIds(reply);
  }

  private String taskStatus(String taskId) {
    Api.Reply reply = api.get("/api/v1/tasks/" + taskId, ADMIN);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getString("status");
  }

  private static List<String> taskIds(Api.Reply reply) {
    return reply.array("tasks").stream().map(t -> ((JsonObject) t).getString("task_id")).toList();
  }

  private static List<String> agentIds(JsonArray agents) {
    return agents.stream().map(a -> ((JsonObject) a).getString("agent_id")).toList();
  }

  private static List<String> events(JsonObject inbox) {
    return inbox.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("event")).toList();
  }
}
