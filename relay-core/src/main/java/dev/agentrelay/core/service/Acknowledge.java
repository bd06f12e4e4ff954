package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.json.Fields;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import java.sql.SQLException;
import java.util.List;

/**
 * Acknowledges deliveries of one inbox, by id or everything up to a seq. Acknowledged items never come
 * back; ids that are unknown, another agent's, or already acknowledged count nothing.
 */
public record Acknowledge(String actorId, String agentId, List<String> deliveryIds, Long upToSeq)
    implements WriteCommand<Acknowledge.Acknowledged> {

  public static final int MAX_IDS = 1000;

  /** The answer: how many deliveries this call acknowledged. */
  public record Acknowledged(@JsonProperty("acknowledged") int acknowledged) {
  }

  /** Reads a {@code POST /inbox/ack} body: exactly one of delivery_ids and up_to_seq. */
  public static Acknowledge parse(String actorId, String agentId, Fields body) {
    List<String> ids = body.optionalStrings("delivery_ids", MAX_IDS, 128);
    Long upTo = body.optionalLong("up_to_seq");
    if ((ids == null) == (upTo == null)) {
      throw RelayException.invalid("give exactly one of 'delivery_ids' and 'up_to_seq'");
    }
    if (upTo != null && upTo < 0) {
      throw RelayException.invalid("'up_to_seq' must not be negative");
    }
    return new Acknowledge(actorId, agentId, ids, upTo);
  }

  @Override
  public Acknowledged apply(WriteContext tx) throws SQLException {
    int count = deliveryIds != null
        ? DeliveryStore.ack(tx, agentId, deliveryIds)
        : DeliveryStore.ackUpTo(tx, agentId, upToSeq);
    var detail = Json.object().put("acknowledged", count);
    if (upToSeq != null) {
      detail.put("up_to_seq", upToSeq);
    } else {
      deliveryIds.forEach(detail.putArray("delivery_ids")::add);
    }
    AuditStore.record(tx, actorId, "delivery.acked", "inbox", agentId, null, detail);
    return new Acknowledged(count);
  }
}
