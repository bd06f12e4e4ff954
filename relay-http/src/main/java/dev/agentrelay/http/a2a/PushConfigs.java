package dev.agentrelay.http.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.model.Agent;
import io.vertx.core.Future;

/** The four push-notification-config operations. */
interface PushConfigs {

  boolean supported();

  Future<JsonNode> create(Agent caller, String agentId, String taskId, Fields config);

  Future<JsonNode> get(Agent caller, String agentId, String taskId, String configId);

  Future<JsonNode> list(Agent caller, String agentId, String taskId);

  Future<JsonNode> delete(Agent caller, String agentId, String taskId, String configId);

  /** The relay without push configs: every operation is a PushNotificationNotSupportedError. */
  static PushConfigs unsupported() {
    return new PushConfigs() {
      @Override
      public boolean supported() {
        return false;
      }

      @Override
      public Future<JsonNode> create(Agent caller, String agentId, String taskId, Fields config) {
        return Future.failedFuture(A2aError.pushNotSupported());
      }

      @Override
      public Future<JsonNode> get(Agent caller, String agentId, String taskId, String configId) {
        return Future.failedFuture(A2aError.pushNotSupported());
      }

      @Override
      public Future<JsonNode> list(Agent caller, String agentId, String taskId) {
        return Future.failedFuture(A2aError.pushNotSupported());
      }

      @Override
      public Future<JsonNode> delete(Agent caller, String agentId, String taskId, String configId) {
        return Future.failedFuture(A2aError.pushNotSupported());
      }
    };
  }
}
