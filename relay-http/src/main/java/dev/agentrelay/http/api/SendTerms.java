package dev.agentrelay.http.api;

import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.service.DeliveryTermsInput;
import dev.agentrelay.core.service.WithDeliveries;
import io.vertx.ext.web.RoutingContext;

/**
 * A send with the delivery terms its body sets ({@code deliver_at}, {@code expires_at} or {@code ttl_seconds},
 * {@code notify}).
 */
final class SendTerms {

  private SendTerms() {
  }

  /** Checks the terms before anything is written: a bad one is a problem and the send makes nothing. */
  static WithDeliveries withDeliveries(RoutingContext ctx, WriteCommand<?> send) {
    return new WithDeliveries(send, DeliveryTermsInput.parse(Requests.body(ctx), System.currentTimeMillis()));
  }
}
