package dev.agentrelay.core.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.store.Deliveries;
import dev.agentrelay.core.store.DeliveryTerms;
import dev.agentrelay.core.store.WriteContext;

/**
 * A send whose answer also lists what it put in whose inbox: the inner command's JSON object with a top-level
 * {@code "deliveries": [{"delivery_id", "to_agent", "seq"}]}, the same list its audit entry holds. Every
 * delivery the send makes follows its {@code terms} (scheduled, expiring, notifying); a scheduled one's seq
 * is null.
 */
public record WithDeliveries(WriteCommand<?> send, DeliveryTerms terms) implements WriteCommand<ObjectNode> {

  public WithDeliveries(WriteCommand<?> send) {
    this(send, DeliveryTerms.NONE);
  }

  @Override
  public ObjectNode apply(WriteContext tx) throws Exception {
    tx.useTerms(terms);
    try {
      ObjectNode answer = Json.MAPPER.valueToTree(send.apply(tx));
      return Deliveries.into(answer, tx.commandDeliveries());
    } finally {
      tx.useTerms(DeliveryTerms.NONE);
    }
  }
}
