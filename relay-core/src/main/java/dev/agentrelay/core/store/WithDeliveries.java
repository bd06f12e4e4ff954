package dev.agentrelay.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.json.Json;

/**
 * A send whose answer also lists what it put in whose inbox: the inner command's JSON object with a top-level
 * {@code "deliveries": [{"delivery_id", "to_agent", "seq"}]}, the same list its audit entry holds.
 */
public record WithDeliveries(WriteCommand<?> send) implements WriteCommand<ObjectNode> {

  @Override
  public ObjectNode apply(WriteContext tx) throws Exception {
    ObjectNode answer = Json.MAPPER.valueToTree(send.apply(tx));
    return Deliveries.into(answer, tx.commandDeliveries());
  }
}
