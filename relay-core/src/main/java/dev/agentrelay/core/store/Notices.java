package dev.agentrelay.core.store;

import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.InboxItem;
import dev.agentrelay.core.model.Receipt;
import dev.agentrelay.core.model.Times;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code delivery.delivered}, {@code delivery.acked} and {@code delivery.expired} items a sender asked for
 * with {@code notify}: made in the same batch as what happened to its delivery, each with the delivery's
 * receipt as it stands after it. The item comes from the delivery's recipient; a notice asks for no notice.
 */
final class Notices {

  private static final String ABOUT = ReceiptStore.COLUMNS.replace(" FROM deliveries", ", notify FROM deliveries")
      + " WHERE seq = ? AND notify IS NOT NULL";

  private Notices() {
  }

  /** After {@code notice} happened to the delivery at {@code seq}: the notice to its sender, if it asked for it. */
  static void send(WriteContext tx, long seq, String notice) throws SQLException {
    record About(Receipt receipt, String notices) {
    }
    Optional<About> about = tx.one(ABOUT, c -> new About(ReceiptStore.map(c, tx.now()), c.text("notify")), seq);
    if (about.isEmpty() || !DeliveryTerms.wants(about.get().notices(), notice)) {
      return;
    }
    Receipt receipt = about.get().receipt();
    if (tx.agent(receipt.fromAgent()).isEmpty()) {
      return;
    }
    InboxItem item = new InboxItem(null, 0, event(notice), receipt.toAgent(), receipt.taskId(),
        Times.format(tx.now()), null, null, null, receipt);
    DeliveryStore.deliver(tx, DeliveryTerms.NONE, item, receipt.fromAgent());
  }

  private static EventType event(String notice) {
    return switch (notice) {
      case DeliveryTerms.DELIVERED -> EventType.DELIVERY_DELIVERED;
      case DeliveryTerms.ACKED -> EventType.DELIVERY_ACKED;
      default -> EventType.DELIVERY_EXPIRED;
    };
  }
}
