package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.service.Bootstrap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class BootstrapTest {

  private static final Map<String, String> NO_TOKEN = Map.of("RELAY_BOOTSTRAP_TOKEN", "");

  @TempDir
  Path dir;
  TestRelay relay;
  final List<String> logLines = new CopyOnWriteArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logLines.add(String.valueOf(record.getMessage()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeEach
  void captureLogs() {
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void stop() {
    Logger.getLogger("").removeHandler(capture);
    if (relay != null) {
      relay.stop();
    }
  }

  @Test
  void firstStartWritesAdminKeyToAPrivateFileAndNeverLogsIt(Vertx vertx) throws IOException {
    relay = TestRelay.start(vertx, dir, NO_TOKEN);
    Path dataDir = dir.resolve("data");
    Path keyFile = dataDir.resolve("admin.key");

    assertThat(permissions(dataDir)).isEqualTo("rwx------");
    assertThat(permissions(keyFile)).isEqualTo("rw-------");
    String key = Files.readString(keyFile).trim();
    Api.Reply me = relay.api().get("/api/v1/agents/admin", key);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getInteger("trust_tier")).isEqualTo(1);
    assertThat(logLines).anyMatch(line -> line.contains("admin.key"));
    assertThat(logLines).noneMatch(line -> line.contains(key));
  }

  @Test
  void aRestartKeepsTheAdminAndDoesNotMakeANewKey(Vertx vertx) throws IOException {
    relay = TestRelay.start(vertx, dir, NO_TOKEN);
    String key = Files.readString(dir.resolve("data/admin.key")).trim();

    relay.restart();

    assertThat(Files.readString(dir.resolve("data/admin.key")).trim()).isEqualTo(key);
    assertThat(relay.api().get("/api/v1/agents", key).array("agents")).hasSize(1);
  }

  @Test
  void aNodeThatFindsAdminMadeByAnotherNodeSinceItReadTheAgentsStartsAndLeavesItAlone(Vertx vertx) throws IOException {
    relay = TestRelay.start(vertx, dir, NO_TOKEN);
    Path keyFile = dir.resolve("data").resolve("admin.key");
    String key = Files.readString(keyFile).trim();

    // the second of two nodes started at once on an empty database read its (empty) directory before admin existed
    TestRelay.await(new Bootstrap(vertx, relay.config(), new AgentDirectory(), new StoreClient(vertx)).run());

    assertThat(Files.readString(keyFile).trim()).isEqualTo(key);
    assertThat(relay.api().get("/api/v1/agents/admin", key).status()).isEqualTo(200);
    assertThat(logLines).anyMatch(line -> line.contains("'admin' was created meanwhile by another node"));
  }

  @Test
  void theBootstrapTokenBecomesAdminsKeyAndNoFileIsWritten(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    assertThat(relay.api().get("/api/v1/agents/admin", TestRelay.ADMIN_KEY).status()).isEqualTo(200);
    assertThat(dir.resolve("data/admin.key")).doesNotExist();
    assertThat(logLines).noneMatch(line -> line.contains(TestRelay.ADMIN_KEY));
  }

  @Test
  void theAgentsFileRegistersAgentsWithPrivateKeyFilesAndUpdatesThemOnRestart(Vertx vertx) throws IOException {
    Path agentsFile = dir.resolve("agents.json");
    JsonArray agents = new JsonArray()
        .add(new JsonObject().put("agent_id", "claude-code").put("name", "Claude Code")
            .put("capabilities", new JsonArray().add("code")).put("trust_tier", 1)
            .put("contact", new JsonObject().put("method", "poll")))
        .add(new JsonObject().put("agent_id", "assistant").put("trust_tier", 2)
            .put("contact", new JsonObject().put("method", "webhook").put("webhook_url", "http://100.64.0.9/hook"))
            .put("permissions", new JsonObject().put("can_send_to", new JsonArray().add("claude-code"))));
    Files.writeString(agentsFile, agents.encode());
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_AGENTS_FILE", agentsFile.toString()));

    Path keyFile = dir.resolve("data/assistant.key");
    assertThat(permissions(keyFile)).isEqualTo("rw-------");
    String key = Files.readString(keyFile).trim();
    JsonObject assistant = relay.api().get("/api/v1/agents/assistant", key).json();
    assertThat(assistant.getInteger("trust_tier")).isEqualTo(2);
    assertThat(assistant.getJsonObject("permissions").getJsonArray("can_send_to")).containsExactly("claude-code");
    assertThat(logLines).noneMatch(line -> line.contains(key));

    agents.getJsonObject(1).put("trust_tier", 3);
    Files.writeString(agentsFile, agents.encode());
    relay.restart();

    assertThat(Files.readString(keyFile).trim()).isEqualTo(key);
    assertThat(relay.api().get("/api/v1/agents/assistant", key).json().getInteger("trust_tier")).isEqualTo(3);
  }

  @Test
  void webhookAgentsFromTheAgentsFileGetTheirSecretInAPrivateFileAlsoWhenSwitchedToWebhooks(Vertx vertx)
      throws Exception {
    Path agentsFile = dir.resolve("agents.json");
    JsonArray agents = new JsonArray()
        .add(new JsonObject().put("agent_id", "hooked").put("trust_tier", 2)
            .put("contact", new JsonObject().put("method", "webhook").put("webhook_url", "http://100.64.0.9/hook")))
        .add(new JsonObject().put("agent_id", "poller").put("trust_tier", 2)
            .put("contact", new JsonObject().put("method", "poll")));
    Files.writeString(agentsFile, agents.encode());
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_AGENTS_FILE", agentsFile.toString()));

    assertThat(storedSecret("hooked")).isEqualTo(savedSecret("hooked")).startsWith("whsec_");
    assertThat(dir.resolve("data/poller.webhook-secret")).doesNotExist();

    agents.getJsonObject(1).put("contact", new JsonObject().put("method", "webhook")
        .put("webhook_url", "http://100.64.0.10/hook"));
    Files.writeString(agentsFile, agents.encode());
    relay.restart();

    assertThat(storedSecret("poller")).isEqualTo(savedSecret("poller")).startsWith("whsec_");
    assertThat(logLines).noneMatch(line -> line.contains("whsec_"));
  }

  /** The secret in the agent's 0600 file. */
  private String savedSecret(String agentId) throws IOException {
    Path file = dir.resolve("data/" + agentId + ".webhook-secret");
    assertThat(permissions(file)).isEqualTo("rw-------");
    return Files.readString(file).trim();
  }

  /** The secret the relay signs the agent's webhooks with, read from its database. */
  private String storedSecret(String agentId) {
    return StoreTables.text(relay.config(), "SELECT webhook_secret FROM agents WHERE agent_id = ?", agentId);
  }

  @Test
  void anAgentsFileNestedDeeperThanARequestBodyMayIsRefusedAtStart(Vertx vertx) throws IOException {
    Path agentsFile = dir.resolve("agents.json");
    Files.writeString(agentsFile, "[{\"agent_id\": \"deep\", \"metadata\": " + "{\"a\":".repeat(998) + "1"
        + "}".repeat(998) + "}]");
    assertThatThrownBy(() -> TestRelay.start(vertx, dir, Map.of("RELAY_AGENTS_FILE", agentsFile.toString())))
        .hasMessageContaining("RELAY_AGENTS_FILE").hasMessageContaining("deep");
  }

  @Test
  void aBootstrapTokenShorterThan32CharactersIsRefusedAtStart() {
    assertThatThrownBy(() -> RelayConfig.from(Map.of("RELAY_BOOTSTRAP_TOKEN", "a".repeat(31))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RELAY_BOOTSTRAP_TOKEN").hasMessageContaining("32")
        .hasMessageNotContaining("a".repeat(31));
    assertThat(RelayConfig.from(Map.of("RELAY_BOOTSTRAP_TOKEN", "a".repeat(32))).bootstrapToken()).hasSize(32);
  }

  @SqliteOnly
  @Test
  void theDatabaseFilesAreOwnerOnlyInADataDirectoryThatExistedAndAnOpenDirectoryIsWarnedOf(Vertx vertx)
      throws IOException {
    Path dataDir = Files.createDirectory(dir.resolve("data"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x")); // whatever the umask
    relay = TestRelay.start(vertx, dir);
    relay.api().register("writer", 2); // the WAL and its index exist while the relay runs

    Path database = relay.config().database();
    for (Path file : List.of(database, Path.of(database + "-wal"), Path.of(database + "-shm"))) {
      assertThat(permissions(file)).as(file.toString()).isEqualTo("rw-------");
    }
    assertThat(permissions(dataDir)).as("an operator's directory is left as it is").isEqualTo("rwxr-xr-x");
    assertThat(logLines).anyMatch(line -> line.contains(dataDir.toAbsolutePath().toString())
        && line.contains("rwxr-xr-x") && line.contains("chmod 700"));
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
