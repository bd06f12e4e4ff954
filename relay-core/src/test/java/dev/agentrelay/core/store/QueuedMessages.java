package dev.agentrelay.core.store;

import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.model.Message;
import dev.agentrelay.core.model.MessageRole;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.model.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Direct messages queued through a deployed store, for store tests: real delivery rows and seqs. */
final class QueuedMessages {

  private QueuedMessages() {
  }

  /** Delivers {@code count} messages from {@code sender} to {@code recipient} in one write; answers them in order. */
  static List<DeliveryStore.Delivered> deliver(StoreClient store, String recipient, String sender, int count)
      throws Exception {
    return store.write(tx -> {
      List<DeliveryStore.Delivered> delivered = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        delivered.add(DeliveryStore.deliver(tx, recipient, EventType.MESSAGE_NEW, sender, null, null,
            message(sender, recipient), null));
      }
      return delivered;
    }).await(30, TimeUnit.SECONDS);
  }

  static Message message(String sender, String recipient) {
    long now = System.currentTimeMillis();
    return new Message(Ids.next(Ids.MESSAGE, now), null, Ids.next(Ids.CONTEXT, now), sender, recipient,
        MessageRole.AGENT, List.of(Part.text("hi")), Json.object(), Times.format(now));
  }
}
