package dev.agentrelay.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.auth.ApiKeys;
import dev.agentrelay.core.bus.AgentDirectory;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.core.json.BodyJson;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.model.Contact;
import dev.agentrelay.core.model.Permissions;
import dev.agentrelay.core.model.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * What happens once the store is open: the first-start {@code admin} agent and the agents file. Keys
 * made here are written to 0600 files; the log names the files, never the keys.
 */
public final class Bootstrap {

  public static final String ADMIN = "admin";
  public static final String ADMIN_KEY_FILE = "admin.key";

  private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());

  private final Vertx vertx;
  private final RelayConfig config;
  private final AgentDirectory agents;
  private final StoreClient store;

  public Bootstrap(Vertx vertx, RelayConfig config, AgentDirectory agents, StoreClient store) {
    this.vertx = vertx;
    this.config = config;
    this.agents = agents;
    this.store = store;
  }

  public Future<Void> run() {
    return createAdminIfEmpty().compose(v -> applyAgentsFile());
  }

  private Future<Void> createAdminIfEmpty() {
    if (agents.size() > 0) {
      return Future.succeededFuture();
    }
    String key = config.bootstrapToken() != null ? config.bootstrapToken() : ApiKeys.newKey();
    String now = Times.format(System.currentTimeMillis());
    Agent admin = new Agent(ADMIN, "Relay administrator", "Created on first start", null, List.of(), 1,
        Contact.POLL, Permissions.ALL, AgentStatus.OFFLINE, null, Json.object(), now, now);
    return store.write(new RegisterAgent("relay", admin, key)).map(true)
        .recover(failure -> madeByAnotherNode(failure) ? Future.succeededFuture(false) : Future.failedFuture(failure))
        .compose(made -> made ? announceAdmin(key) : Future.succeededFuture());
  }

  /** Nodes started at once on an empty database each try to make admin; the one that loses starts all the same. */
  private static boolean madeByAnotherNode(Throwable failure) {
    if (failure instanceof RelayException refused && refused.code().equals("agent_exists")) {
      LOG.info("agent 'admin' was created meanwhile by another node; its key stays where that node wrote it");
      return true;
    }
    return false;
  }

  private Future<Void> announceAdmin(String key) {
    if (config.bootstrapToken() != null) {
      LOG.info("created tier-1 agent 'admin' with the key from RELAY_BOOTSTRAP_TOKEN");
      return Future.succeededFuture();
    }
    Path file = keyDirectory().resolve(ADMIN_KEY_FILE);
    return writeKey(file, key).onSuccess(v ->
        LOG.info("created tier-1 agent 'admin'; its key is in " + file.toAbsolutePath() + " (mode 0600)"));
  }

  private Future<Void> applyAgentsFile() {
    Path file = config.agentsFile();
    if (file == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> readAgentsFile(file)).compose(declared -> {
      Future<Void> chain = Future.succeededFuture();
      for (Agent agent : declared) {
        chain = chain.compose(v -> store.write(new DeclareAgent(agent))).compose(this::saveNewSecrets);
      }
      return chain.onSuccess(v -> LOG.info("applied agents file " + file + " (" + declared.size() + " agents)"));
    });
  }

  private Future<Void> saveNewSecrets(DeclareAgent.Made made) {
    String agentId = made.agentId();
    Future<Void> key = made.apiKey() == null ? Future.succeededFuture()
        : saveSecret(agentId + ".key", made.apiKey(),
            "registered agent '" + agentId + "' from the agents file; its key");
    return key.compose(v -> made.webhookSecret() == null ? Future.succeededFuture()
        : saveSecret(agentId + ".webhook-secret", made.webhookSecret(),
            "agent '" + agentId + "' receives webhooks; the secret that signs them"));
  }

  private Future<Void> saveSecret(String fileName, String secret, String what) {
    Path file = keyDirectory().resolve(fileName);
    return writeKey(file, secret).onSuccess(v -> LOG.info(what + " is in " + file + " (mode 0600)"));
  }

  private List<Agent> readAgentsFile(Path file) throws IOException {
    // the limits of a request body, so that a declared agent can always be written back like a registered one
    JsonNode root;
    try {
      root = BodyJson.read(Files.readAllBytes(file));
    } catch (RelayException e) {
      throw new IllegalArgumentException("RELAY_AGENTS_FILE " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("RELAY_AGENTS_FILE " + file + " must hold a JSON array of agents");
    }
    String now = Times.format(System.currentTimeMillis());
    List<Agent> declared = new ArrayList<>();
    for (JsonNode entry : root) {
      try {
        declared.add(AgentInput.read(Fields.of(entry), config.webhookAllowLocal(), now));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("RELAY_AGENTS_FILE " + file + ", entry " + (declared.size() + 1) + ": "
            + e.getMessage(), e);
      }
    }
    return declared;
  }

  private Path keyDirectory() {
    Path parent = config.database().toAbsolutePath().getParent();
    return parent == null ? config.dataDir() : parent;
  }

  private Future<Void> writeKey(Path file, String secret) {
    return vertx.executeBlocking(() -> {
      SecretFiles.write(file, secret + "\n");
      return null;
    });
  }
}
