package dev.agentrelay.webhook;

import dev.agentrelay.core.SharedObjects;
import dev.agentrelay.core.bus.Addresses;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.config.RelayConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;

/**
 * A2A push notifications, sent by the node that holds the dispatch role (the launcher deploys this verticle with
 * the {@link WebhookVerticle} while its node holds the role, and undeploys both when the role goes). At start it
 * follows every task whose configs are followed (pushing first what they missed); after that each task a new config
 * names, which the HTTP edge of any node asks for on {@link Addresses#A2A_PUSH_FOLLOW}. On a node of a cluster it
 * also reads the followed tasks again every {@link #RESYNC_MILLIS}: a config saved while the role changed hands
 * reached no dispatcher.
 */
public final class A2aPushVerticle extends VerticleBase {

  static final long RESYNC_MILLIS = 10_000;
  private static final Logger LOG = Logger.getLogger(A2aPushVerticle.class.getName());

  private WebhookSender sender;
  private A2aPushDispatcher dispatcher;

  @Override
  public Future<?> start() {
    // deployed by the launcher, or by class name in tests that cannot name this module: the configuration is shared
    RelayConfig config = SharedObjects.config(vertx);
    sender = new WebhookSender(vertx, config.webhookAllowLocal(), AttemptLimits.DEFAULT);
    dispatcher = new A2aPushDispatcher(vertx, new StoreClient(vertx), sender,
        new RetrySchedule(config.webhookRetrySchedule()));
    // on a cluster's bus, so that a config saved on any node reaches the one dispatcher
    return vertx.eventBus().<JsonObject>consumer(Addresses.A2A_PUSH_FOLLOW, this::follow).completion()
        .compose(registered -> dispatcher.resume())
        .onSuccess(open -> {
          LOG.info("the A2A push dispatcher follows the " + open + " tasks that have push configs");
          if (config.cluster().clustered()) {
            vertx.setPeriodic(RESYNC_MILLIS, timer -> dispatcher.resume());
          }
        });
  }

  private void follow(Message<JsonObject> request) {
    JsonObject task = request.body();
    dispatcher.follow(task.getString("task_id"), task.getString("from_agent"), task.getString("to_agent"))
        .onSuccess(following -> request.reply(null))
        .onFailure(failure -> request.fail(500, failure.getMessage()));
  }

  @Override
  public Future<?> stop() {
    dispatcher.stop();
    sender.close();
    return Future.succeededFuture();
  }
}
