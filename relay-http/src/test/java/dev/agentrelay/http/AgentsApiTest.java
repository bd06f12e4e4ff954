package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayExtension.class)
class AgentsApiTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  TestRelay relay;
  Api api;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
  }

  @Test
  void registersAnAgentWhoseKeyWorksAndIsNeverShownAgain() {
    Api.Reply reply = api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", "worker")
        .put("name", "Worker").put("capabilities", new JsonArray().add("code")).put("trust_tier", 2));

    assertThat(reply.status()).isEqualTo(201);
    JsonObject agent = reply.json().getJsonObject("agent");
    assertThat(agent.getString("agent_id")).isEqualTo("worker");
    assertThat(agent.getInteger("trust_tier")).isEqualTo(2);
    assertThat(agent.getJsonObject("contact").getString("method")).isEqualTo("poll");
    assertThat(agent.fieldNames()).doesNotContain("api_key", "key_hash", "tier1");
    assertThat(reply.json().containsKey("webhook_secret")).isFalse();
    String key = reply.json().getString("api_key");
    assertThat(key).hasSizeGreaterThanOrEqualTo(43);

    Api.Reply self = api.get("/api/v1/agents/worker", key);
    assertThat(self.status()).isEqualTo(200);
    assertThat(self.body()).doesNotContain(key).doesNotContain("hash");
  }

  @Test
  void refusesADuplicateAgentWith409() {
    api.register("twin", 2);
    Api.Reply reply = api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", "twin"));
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo("agent_exists");
  }

  @Test
  void refusesABadAgentIdWith422() {
    for (String bad : new String[] {"Upper", "-dash-first", "", "x".repeat(65), "sp ace"}) {
      Api.Reply reply = api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", bad));
      assertThat(reply.status()).as(bad).isEqualTo(422);
    }
  }

  @Test
  void onlyTier1RegistersAgents() {
    String tier2 = api.register("scoped", 2);
    Api.Reply reply = api.post("/api/v1/agents", tier2, new JsonObject().put("agent_id", "other"));
    assertThat(reply.status()).isEqualTo(403);
    assertThat(api.get("/api/v1/agents/other", ADMIN).status()).isEqualTo(404);
  }

  @Test
  void listsAndReadsAgents() {
    String key = api.register("lister", 3);
    Api.Reply list = api.get("/api/v1/agents", key);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.array("agents").stream().map(a -> ((JsonObject) a).getString("agent_id")))
        .containsExactly("admin", "lister");
    Api.Reply missing = api.get("/api/v1/agents/ghost", key);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("code")).isEqualTo("agent_not_found");
  }

  @Test
  void heartbeatSetsStatusForSelfOrTier1Only() {
    String key = api.register("beater", 2);
    api.register("bystander", 2);
    Api.Reply beat = api.post("/api/v1/agents/beater/heartbeat", key, new JsonObject().put("status", "busy"));
    assertThat(beat.status()).isEqualTo(200);
    assertThat(beat.json().getString("status")).isEqualTo("busy");
    assertThat(beat.json().getString("last_seen")).isNotNull();

    assertThat(api.post("/api/v1/agents/bystander/heartbeat", key, new JsonObject().put("status", "online"))
        .status()).isEqualTo(403);
    assertThat(api.post("/api/v1/agents/bystander/heartbeat", ADMIN, new JsonObject().put("status", "online"))
        .status()).isEqualTo(200);
    assertThat(api.post("/api/v1/agents/beater/heartbeat", key, new JsonObject().put("status", "asleep"))
        .status()).isEqualTo(422);
  }

  @Test
  void deletingAnAgentStopsItsKeyAtOnce() {
    String key = api.register("leaver", 2);
    assertThat(api.delete("/api/v1/agents/leaver", key).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/agents", key).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/agents/leaver", ADMIN).status()).isEqualTo(404);
  }

  @Test
  void rotatingAKeyRetiresTheOldOneAtOnce() {
    String old = api.register("rotator", 2);
    Api.Reply rotated = api.post("/api/v1/agents/rotator/keys", old, null);
    assertThat(rotated.status()).isEqualTo(200);
    String fresh = rotated.json().getString("api_key");
    assertThat(fresh).isNotEqualTo(old);
    assertThat(api.get("/api/v1/agents", old).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/agents", fresh).status()).isEqualTo(200);
  }

  @Test
  void theBootstrapTokenIsOnlyAdminsFirstKey() {
    Api.Reply rotated = api.post("/api/v1/agents/admin/keys", ADMIN, null);
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(api.get("/api/v1/agents", ADMIN).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/agents", rotated.json().getString("api_key")).status()).isEqualTo(200);
  }

  @Test
  void theLastTier1AgentCannotBeRemoved() {
    Api.Reply reply = api.delete("/api/v1/agents/admin", ADMIN);
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json().getString("code")).isEqualTo("last_tier1_agent");
  }

  @Test
  void webhookAgentsGetASecretOnce() {
    Api.Reply reply = api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", "hooked")
        .put("contact", new JsonObject().put("method", "webhook").put("webhook_url", "http://10.1.2.3/hook")));
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().getString("webhook_secret")).startsWith("whsec_");
    assertThat(api.get("/api/v1/agents/hooked", ADMIN).body()).doesNotContain("whsec_");
  }

  @Test
  void aWebhookUrlIsShownOnlyToTheAgentItselfAndTier1() {
    String url = "http://10.1.2.3/hook?token=url-borne-secret";
    String hookKey = api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", "hooked").put("trust_tier", 2)
        .put("contact", new JsonObject().put("method", "webhook").put("webhook_url", url))).json().getString("api_key");
    String scoped = api.register("scoped", 2);
    String sandboxed = api.register("sandboxed", 3);

    for (String key : List.of(scoped, sandboxed)) {
      Api.Reply list = api.get("/api/v1/agents", key);
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.body()).doesNotContain("url-borne-secret");
      JsonObject listed = agent(list, "hooked");
      assertThat(listed.getJsonObject("contact").getString("method")).isEqualTo("webhook");
      assertThat(listed.getJsonObject("contact").getString("webhook_url")).isNull();
      Api.Reply one = api.get("/api/v1/agents/hooked", key);
      assertThat(one.status()).isEqualTo(200);
      assertThat(one.body()).doesNotContain("url-borne-secret");
      assertThat(one.json().getJsonObject("contact").getString("method")).isEqualTo("webhook");
    }
    for (String key : List.of(hookKey, ADMIN)) {
      assertThat(agent(api.get("/api/v1/agents", key), "hooked").getJsonObject("contact").getString("webhook_url"))
          .isEqualTo(url);
      assertThat(api.get("/api/v1/agents/hooked", key).json().getJsonObject("contact").getString("webhook_url"))
          .isEqualTo(url);
      assertThat(api.post("/api/v1/agents/hooked/heartbeat", key, new JsonObject().put("status", "online")).json()
          .getJsonObject("contact").getString("webhook_url")).isEqualTo(url);
    }
  }

  private static JsonObject agent(Api.Reply list, String agentId) {
    return list.array("agents").stream().map(JsonObject.class::cast)
        .filter(agent -> agent.getString("agent_id").equals(agentId)).findFirst().orElseThrow();
  }

  @Test
  void aWebhookAgentCanRotateItsSecretWithItsKey() {
    Api.Reply registered = api.post("/api/v1/agents", ADMIN, new JsonObject().put("agent_id", "hooked")
        .put("contact", new JsonObject().put("method", "webhook").put("webhook_url", "http://10.1.2.3/hook")));
    String key = registered.json().getString("api_key");
    String secret = registered.json().getString("webhook_secret");

    Api.Reply rotated = api.post("/api/v1/agents/hooked/keys", key, new JsonObject().put("rotate_webhook_secret", true));
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.json().getString("webhook_secret")).startsWith("whsec_").isNotEqualTo(secret);
    assertThat(api.get("/api/v1/agents", rotated.json().getString("api_key")).status()).isEqualTo(200);

    String pollerKey = api.register("poller", 2);
    assertThat(api.post("/api/v1/agents/poller/keys", pollerKey, new JsonObject().put("rotate_webhook_secret", true))
        .status()).isEqualTo(422);
    assertThat(api.get("/api/v1/agents", pollerKey).status()).isEqualTo(200);
  }
}
