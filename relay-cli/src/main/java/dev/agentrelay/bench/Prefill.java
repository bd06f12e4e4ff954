package dev.agentrelay.bench;

import dev.agentrelay.core.json.Json;
import dev.agentrelay.core.model.EventType;
import dev.agentrelay.core.model.Ids;
import dev.agentrelay.core.model.Message;
import dev.agentrelay.core.model.MessageRole;
import dev.agentrelay.core.model.Part;
import dev.agentrelay.core.model.Times;
import dev.agentrelay.core.store.DeliveryStore;
import dev.agentrelay.core.bus.StoreClient;
import dev.agentrelay.core.bus.WriteCommand;
import dev.agentrelay.core.store.WriteContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queues many items in one inbox, untimed. Embedded mode goes through the store: one write command
 * delivers thousands of {@code message.new} items (real delivery rows and audit entries, the relay's seq,
 * pending counts and events; the message rows themselves are not stored). Remote mode can only send them
 * through {@code POST /messages}, at the relay's send rate.
 */
interface Prefill {

  /** "store" or "api". */
  String method();

  /** Queues {@code count} items for {@code recipient} from {@code sender} (whose key is {@code senderKey}). */
  Future<Void> fill(String recipient, String sender, String senderKey, int count, AtomicLong done);

  String CONTENT = "bench prefill item: a short text part of about the size of a typical agent note.";

  /** Through the API, 64 sends in flight. */
  static Prefill api(RelayClient relay) {
    return new Prefill() {
      @Override
      public String method() {
        return "api";
      }

      @Override
      public Future<Void> fill(String recipient, String sender, String senderKey, int count, AtomicLong done) {
        Buffer body = new JsonObject().put("to_agent", recipient).put("content", CONTENT).toBuffer();
        List<Integer> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          all.add(i);
        }
        return RelayClient.forEach(all, 64, i -> relay.post(RelayClient.API + "/messages", senderKey, body)
            .compose(reply -> {
              if (reply.status() != 201) {
                return Future.failedFuture("prefill send failed: " + reply);
              }
              done.incrementAndGet();
              return Future.succeededFuture();
            }));
      }
    };
  }

  /** Through the embedded relay's store: {@value StorePrefill#PER_COMMAND} deliveries per write command. */
  static Prefill store(StoreClient store) {
    return new Prefill() {
      @Override
      public String method() {
        return "store";
      }

      @Override
      public Future<Void> fill(String recipient, String sender, String senderKey, int count, AtomicLong done) {
        List<Integer> chunks = new ArrayList<>();
        for (int left = count; left > 0; left -= StorePrefill.PER_COMMAND) {
          chunks.add(Math.min(left, StorePrefill.PER_COMMAND));
        }
        return RelayClient.forEach(chunks, 2, n -> store.write(new StorePrefill(recipient, sender, n))
            .map(written -> done.addAndGet(written)));
      }
    };
  }

  /** A bench-only write command: {@code count} deliveries of fresh direct messages in one command. */
  record StorePrefill(String recipient, String sender, int count) implements WriteCommand<Integer> {

    static final int PER_COMMAND = 2000;

    @Override
    public Integer apply(WriteContext tx) throws SQLException {
      List<Part> parts = List.of(Part.text(CONTENT));
      String createdAt = Times.format(tx.now());
      for (int i = 0; i < count; i++) {
        Message message = new Message(Ids.next(Ids.MESSAGE, tx.now()), null, Ids.next(Ids.CONTEXT, tx.now()), sender,
            recipient, MessageRole.AGENT, parts, Json.object(), createdAt);
        DeliveryStore.deliver(tx, recipient, EventType.MESSAGE_NEW, sender, null, null, message, null);
      }
      return count;
    }
  }
}
