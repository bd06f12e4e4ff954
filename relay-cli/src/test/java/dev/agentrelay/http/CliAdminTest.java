package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.cli.RelayCli;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's shared behaviour (help, exit codes, keys, --json) and its admin commands, on a real relay. */
@ExtendWith(VertxExtension.class)
class CliAdminTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  @TempDir
  Path dir;
  TestRelay relay;
  Api api;
  Cli cli;

  @BeforeEach
  void start(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    api = relay.api();
    cli = Cli.of(relay);
  }

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void everyCommandAnswersHelpWithItsUsageAndExitZero() {
    List<String> paths = new ArrayList<>();
    collect(RelayCli.commandLine(Map.of()), "", paths);
    assertThat(paths).contains("serve", "agents list", "agents get", "agents add", "agents remove", "keys rotate",
        "send", "tasks list", "tasks get", "tasks update", "inbox", "tail", "health", "stats");

    for (String path : paths) {
      List<String> args = new ArrayList<>(List.of(path.split(" ")));
      args.add("--help");
      Cli.Run run = cli.run(args.toArray(String[]::new));
      assertThat(run.exit()).as(path).isZero();
      assertThat(run.out()).as(path).startsWith("Usage: relay " + path);
    }
    Cli.Run root = cli.run("--help");
    assertThat(root.exit()).isZero();
    assertThat(root.out()).contains("serve", "agents", "keys", "send", "tasks", "inbox", "tail", "health", "stats",
        "Exit codes");
  }

  private static void collect(CommandLine command, String prefix, List<String> into) {
    command.getSubcommands().forEach((name, sub) -> {
      if (name.equals("help")) {
        return;
      }
      String path = (prefix + " " + name).strip();
      if (sub.getSubcommands().isEmpty()) {
        into.add(path);
      } else {
        collect(sub, path, into);
      }
    });
  }

  @Test
  void usageErrorsExitTwoWithTheReasonAndUsageOnStderr() {
    assertUsage(cli.run("frobnicate"), "Unmatched argument");
    assertUsage(cli.run("agents"), "missing command");
    assertThat(cli.run("agents").err()).contains("Usage: relay agents");
    assertUsage(cli.as(ADMIN, "agents", "add", "--name", "No id"), "Missing required option: '--id");
    assertUsage(cli.as(ADMIN, "agents", "add", "--id", "x", "--tier", "high"), "'high' is not an int");
    assertUsage(cli.as(ADMIN, "tasks", "update", "task_x"), "Missing required option: '--status");
    assertUsage(cli.run("agents", "list", "--url", "localhost:8400", "--key", ADMIN), "--url must be an http://");
  }

  @Test
  void aCommandWithoutAnyKeyIsAUsageError() {
    Cli.Run run = cli.run("agents", "list", "--url", cli.url());
    assertUsage(run, "no API key");
  }

  @Test
  void relayErrorsExitOneWithTheProblemOnStderr() {
    Cli.Run run = cli.as(ADMIN, "agents", "get", "nobody");

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("404", "agent_not_found", "agent 'nobody' is not registered");

    Cli.Run json = cli.as(ADMIN, "agents", "get", "nobody", "--json");
    assertThat(json.exit()).isEqualTo(1);
    JsonObject problem = new JsonObject(json.err().strip());
    assertThat(problem.getString("code")).isEqualTo("agent_not_found");
    assertThat(problem.getInteger("status")).isEqualTo(404);

    Cli.Run badKey = cli.as("ark_not-a-key", "agents", "list");
    assertThat(badKey.exit()).isEqualTo(1);
    assertThat(badKey.err()).contains("401");
  }

  @Test
  void anUnreachableRelayExitsOneAndSaysSo() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Cli.Run run = cli.run("health", "--url", "http://127.0.0.1:" + closedPort);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach the relay at http://127.0.0.1:" + closedPort, "connection refused");
  }

  @Test
  void readsTheKeyFromAKeyFileAndRefusesAnUnusableOne() throws IOException {
    Path keyFile = dir.resolve("admin.key");
    Files.writeString(keyFile, ADMIN + "\n");
    Path empty = Files.writeString(dir.resolve("empty.key"), "  \n");

    Cli.Run ok = cli.run("agents", "list", "--url", cli.url(), "--key-file", keyFile.toString());
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.out()).contains("admin");

    assertUsage(cli.run("agents", "list", "--url", cli.url(), "--key-file", dir.resolve("missing.key").toString()),
        "no such file");
    assertUsage(cli.run("agents", "list", "--url", cli.url(), "--key-file", empty.toString()), "holds no key");
    assertUsage(cli.run("agents", "list", "--url", cli.url(), "--key-file", keyFile.toString(), "--key", ADMIN),
        "not both");
  }

  @Test
  void takesUrlAndKeyFromTheEnvironmentAndOptionsWin() throws IOException {
    Path keyFile = Files.writeString(dir.resolve("admin.key"), ADMIN);
    Cli fromEnv = cli.withEnv(Map.of("RELAY_URL", cli.url() + "/api/v1/", "RELAY_API_KEY", ADMIN));
    assertThat(fromEnv.run("agents", "get", "admin", "--json").json().getString("agent_id")).isEqualTo("admin");

    Cli fromFile = cli.withEnv(Map.of("RELAY_URL", cli.url(), "RELAY_API_KEY_FILE", keyFile.toString()));
    assertThat(fromFile.run("agents", "get", "admin").exit()).isZero();

    Cli.Run overridden = fromEnv.run("agents", "list", "--key", "ark_wrong");
    assertThat(overridden.exit()).isEqualTo(1);
    assertThat(overridden.err()).contains("401");
  }

  @Test
  void serveRefusesBadSettingsAsAUsageError() {
    Cli.Run run = cli.withEnv(Map.of("RELAY_PORT", "eighty")).run("serve");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("RELAY_PORT must be a number");
  }

  @Test
  void healthNeedsNoKeyAndPrintsTextOrJson() {
    Cli.Run text = cli.run("health", "--url", cli.url());
    assertThat(text.exit()).as(text.toString()).isZero();
    assertThat(text.out()).containsPattern("status\\s+ok").containsPattern("agents\\s+1");

    JsonObject json = cli.run("health", "--url", cli.url(), "--json").json();
    assertThat(json.getString("status")).isEqualTo("ok");
    assertThat(json.getInteger("pending_deliveries")).isZero();
  }

  @Test
  void statsCountsWhatTheRelayHolds() {
    api.register("worker", 2);
    api.createTask(ADMIN, "worker", "count me");

    Cli.Run text = cli.as(ADMIN, "stats");
    assertThat(text.exit()).isZero();
    assertThat(text.out()).containsPattern("agents\\s+2 \\(").containsPattern("tasks\\s+submitted 1")
        .containsPattern("deliveries\\s+1 pending, 0 acked");

    JsonObject json = cli.as(ADMIN, "stats", "--json").json();
    assertThat(json.getJsonObject("agents").getInteger("total")).isEqualTo(2);
    assertThat(json.getJsonObject("tasks").getInteger("submitted")).isEqualTo(1);
  }

  @Test
  void agentsAddRegistersWithEveryOptionAndPrintsAWorkingKeyOnce() {
    Cli.Run run = cli.as(ADMIN, "agents", "add", "--id", "worker", "--name", "Worker", "--tier", "2",
        "--capability", "code", "--capability", "review", "--can-send-to", "admin", "--can-read-from", "admin",
        "--can-access-tools", "relay_inbox", "--can-access-tools", "relay_ack");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("registered worker (tier 2, poll)").contains("shown only this once");
    String key = run.lines().stream().filter(line -> line.startsWith("api_key: ")).findFirst().orElseThrow()
        .substring("api_key: ".length());
    JsonObject agent = cli.as(key, "agents", "get", "worker", "--json").json();
    assertThat(agent.getString("name")).isEqualTo("Worker");
    assertThat(agent.getInteger("trust_tier")).isEqualTo(2);
    assertThat(agent.getJsonArray("capabilities")).isEqualTo(new JsonArray().add("code").add("review"));
    JsonObject permissions = agent.getJsonObject("permissions");
    assertThat(permissions.getJsonArray("can_send_to")).isEqualTo(new JsonArray().add("admin"));
    assertThat(permissions.getJsonArray("can_read_from")).isEqualTo(new JsonArray().add("admin"));
    assertThat(permissions.getJsonArray("can_access_tools")).isEqualTo(new JsonArray().add("relay_inbox")
        .add("relay_ack"));
  }

  @Test
  void agentsAddWithAWebhookUrlMakesAWebhookAgentAndShowsItsSecret() {
    JsonObject registered = cli.as(ADMIN, "agents", "add", "--id", "hooked", "--webhook-url",
        "http://127.0.0.1:9/hook", "--json").json();

    assertThat(registered.getJsonObject("agent").getJsonObject("contact"))
        .isEqualTo(new JsonObject().put("method", "webhook").put("webhook_url", "http://127.0.0.1:9/hook"));
    assertThat(registered.getString("webhook_secret")).startsWith("whsec_");
    assertThat(registered.getJsonObject("agent").getInteger("trust_tier")).isEqualTo(3);

    Cli.Run text = cli.as(ADMIN, "agents", "add", "--id", "hooked2", "--webhook-url", "http://127.0.0.1:9/hook");
    assertThat(text.out()).contains("(tier 3, webhook)").contains("webhook_secret: whsec_");
    assertThat(cli.as(ADMIN, "agents", "add", "--id", "hooked2").exit()).isEqualTo(1); // 409: the id exists
  }

  @Test
  void agentsListAndGetShowTheDirectory() {
    api.register("worker", 2, new JsonObject().put("name", "Worker").put("capabilities", new JsonArray().add("code")));

    Cli.Run list = cli.as(ADMIN, "agents", "list");
    assertThat(list.exit()).isZero();
    assertThat(list.lines().get(0)).startsWith("AGENT").contains("TIER", "STATUS", "CONTACT");
    assertThat(list.lines()).anyMatch(line -> line.matches("worker\\s+Worker\\s+2\\s+offline\\s+poll\\s+-"));

    JsonObject json = cli.as(ADMIN, "agents", "list", "--json").json();
    assertThat(json.getJsonArray("agents")).hasSize(2);

    Cli.Run get = cli.as(ADMIN, "agents", "get", "worker");
    assertThat(get.out()).containsPattern("agent_id\\s+worker").containsPattern("capabilities\\s+code")
        .containsPattern("permissions.can_send_to\\s+\\*");
  }

  @Test
  void agentsRemoveDeletesTheAgentAndItsKey() {
    String key = api.register("leaver", 2);

    Cli.Run run = cli.as(ADMIN, "agents", "remove", "leaver");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("removed leaver" + System.lineSeparator());

    assertThat(cli.as(ADMIN, "agents", "get", "leaver").exit()).isEqualTo(1);
    assertThat(cli.as(key, "agents", "list").err()).contains("401");
    Cli.Run lastAdmin = cli.as(ADMIN, "agents", "remove", "admin", "--json");
    assertThat(lastAdmin.exit()).isEqualTo(1);
    assertThat(new JsonObject(lastAdmin.err().strip()).getString("code")).isEqualTo("last_tier1_agent");
  }

  @Test
  void keysRotateReplacesTheKeyAtOnce() {
    String old = api.register("worker", 2);

    Cli.Run run = cli.as(old, "keys", "rotate", "worker");
    assertThat(run.exit()).as(run.toString()).isZero();
    String fresh = run.lines().get(0).substring("api_key: ".length());

    assertThat(cli.as(old, "agents", "list").exit()).isEqualTo(1);
    assertThat(cli.as(fresh, "agents", "list").exit()).isZero();

    api.register("hooked", 2, new JsonObject().put("contact",
        new JsonObject().put("method", "webhook").put("webhook_url", "http://127.0.0.1:9/hook")));
    JsonObject rotated = cli.as(ADMIN, "keys", "rotate", "hooked", "--webhook-secret", "--json").json();
    assertThat(rotated.getString("api_key")).startsWith("ark_");
    assertThat(rotated.getString("webhook_secret")).startsWith("whsec_");
  }

  private static void assertUsage(Cli.Run run, String reason) {
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).as(run.toString()).contains(reason);
    assertThat(run.out()).isEmpty();
  }
}
