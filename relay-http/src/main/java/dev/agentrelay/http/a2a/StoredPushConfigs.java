package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.Task;
import dev.agentrelay.core.push.PushConfig;
import dev.agentrelay.core.push.StandardWebhooks;
import dev.agentrelay.core.service.PushConfigCommands;
import dev.agentrelay.core.service.WebhookUrls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;

/**
 * Push notification configs kept in the store. A config belongs to the agent that set it (tier 1 sees all);
 * the task must be one the caller may read through this agent. Without a token the relay makes one
 * ({@code whsec_…}), so every push can be signed and checked.
 */
final class StoredPushConfigs implements PushConfigs {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_URL = 2048;
  private static final int MAX_TOKEN = 1024;

  private static final Logger LOG = Logger.getLogger(StoredPushConfigs.class.getName());
  /** How long a saved config waits for the dispatching node to follow its task before it is answered anyway. */
  private static final DeliveryOptions FOLLOW = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final StoreClient store;
  private final A2aOperations operations;
  private final boolean allowLocal;

  StoredPushConfigs(Vertx vertx, StoreClient store, A2aOperations operations, boolean allowLocal) {
    this.vertx = vertx;
    this.store = store;
    this.operations = operations;
    this.allowLocal = allowLocal;
  }

  @Override
  public boolean supported() {
    return true;
  }

  @Override
  public Future<JsonNode> create(Agent caller, String agentId, String taskId, Fields request) {
    Fields config = request.optionalFields("pushNotificationConfig");
    if (config == null) {
      config = request;
    }
    String task = required(taskId, "taskId");
    String url = WebhookUrls.check(config.requiredText("url", MAX_URL), allowLocal);
    String id = config.optionalText("id", 128);
    String token = config.optionalText("token", MAX_TOKEN);
    Fields auth = config.optionalFields("authentication");
    String scheme = null;
    String credentials = null;
    if (auth != null) {
      scheme = auth.optionalText("scheme", 64);
      List<String> schemes = scheme == null ? auth.optionalStrings("schemes", 8, 64) : null;
      scheme = scheme != null ? scheme : schemes == null || schemes.isEmpty() ? null : schemes.get(0);
      credentials = auth.optionalText("credentials", MAX_TOKEN);
      if (scheme == null || scheme.isBlank() || scheme.chars().anyMatch(c -> c <= 32 || c >= 127)) {
        throw A2aError.invalidParams("'authentication.scheme' must be an HTTP auth scheme such as Bearer");
      }
    }
    PushConfig stored = new PushConfig(id == null ? "pnc_" + HexFormat.of().formatHex(random(12)) : id, task,
        caller.agentId(), url, token == null || token.isEmpty() ? StandardWebhooks.SECRET_PREFIX
            + Base64.getEncoder().encodeToString(random(32)) : token, scheme, credentials);
    return operations.task(caller, agentId, task).compose(found -> store.write(new PushConfigCommands.Save(stored))
        .compose(saved -> found.status().isTerminal() ? Future.succeededFuture() : follow(found))
        .map(done -> (JsonNode) json(stored)));
  }

  /**
   * Asks the node that dispatches to follow the task: an update committed once the config is answered is pushed.
   * The config is stored either way; while no node dispatches, the next one to take the role follows it.
   */
  private Future<Void> follow(Task task) {
    JsonObject request = new JsonObject().put("task_id", task.taskId()).put("from_agent", task.fromAgent())
        .put("to_agent", task.toAgent());
    return vertx.eventBus().request(Addresses.A2A_PUSH_FOLLOW, request, FOLLOW).<Void>mapEmpty()
        .recover(failure -> {
          LOG.info("no push dispatcher followed task " + task.taskId() + " (" + failure.getMessage()
              + "); the node that takes the dispatch role follows it");
          return Future.succeededFuture();
        });
  }

  @Override
  public Future<JsonNode> get(Agent caller, String agentId, String taskId, String configId) {
    String id = required(configId, "id");
    return visible(caller, agentId, required(taskId, "taskId")).map(configs -> (JsonNode) json(
        PushConfig.find(configs, id).orElseThrow(() -> A2aError.configNotFound(taskId, id))));
  }

  @Override
  public Future<JsonNode> list(Agent caller, String agentId, String taskId) {
    return visible(caller, agentId, required(taskId, "taskId")).map(configs -> {
      ObjectNode answer = Json.object();
      ArrayNode array = answer.putArray("configs");
      configs.forEach(c -> array.add(json(c)));
      answer.put("nextPageToken", "");
      return answer;
    });
  }

  @Override
  public Future<JsonNode> delete(Agent caller, String agentId, String taskId, String configId) {
    String id = required(configId, "id");
    return visible(caller, agentId, required(taskId, "taskId")).compose(configs -> {
      if (PushConfig.find(configs, id).isEmpty()) {
        return Future.succeededFuture(Json.object());
      }
      return store.write(new PushConfigCommands.Delete(taskId, id)).map(gone -> (JsonNode) Json.object());
    });
  }

  /** The task's configs that the caller set (every config, for tier 1). */
  private Future<List<PushConfig>> visible(Agent caller, String agentId, String taskId) {
    return operations.task(caller, agentId, taskId)
        .compose(task -> store.write(new PushConfigCommands.OfTask(taskId)))
        .map(configs -> configs.stream().filter(c -> caller.isTier1() || c.owner().equals(caller.agentId()))
            .toList());
  }

  static ObjectNode json(PushConfig config) {
    ObjectNode node = Json.object().put("id", config.configId()).put("taskId", config.taskId())
        .put("url", config.url()).put("token", config.token());
    if (config.authScheme() != null) {
      ObjectNode auth = node.putObject("authentication").put("scheme", config.authScheme());
      if (config.authCredentials() != null) {
        auth.put("credentials", config.authCredentials());
      }
    }
    return node;
  }

  private static String required(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw A2aError.invalidParams("'" + name + "' is required");
    }
    return value;
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
