package dev.agentrelay.core.service;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.Receipt;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.store.ReceiptStore;
import dev.agentrelay.core.bus.StoreQuery;
import io.vertx.core.Future;

/**
 * One delivery's receipt, for its sender, its recipient and tier 1. Anyone else gets the same 404 as for an
 * unknown delivery: a receipt does not tell a stranger that a delivery exists.
 */
public record GetReceipt(Agent actor, String deliveryId) implements StoreQuery<Receipt> {

  @Override
  public Future<Receipt> run(ReadContext reads) {
    return ReceiptStore.find(reads.pool(), deliveryId).map(found -> found
        .filter(receipt -> actor.isTier1() || receipt.concerns(actor.agentId()))
        .orElseThrow(() -> new RelayException(Failure.NOT_FOUND, "delivery_not_found",
            "delivery '" + deliveryId + "' does not exist, or is not one you sent or received")));
  }
}
