package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayExtension.class)
class InboxApiTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  TestRelay relay;
  Api api;
  String reader;

  @BeforeEach
  void start(TestRelay relay) {
    this.relay = relay;
    api = relay.api();
    reader = api.register("reader", 2);
  }

  @Test
  void listsUnackedItemsInSeqOrderWithTheirPayload() {
    String taskId = api.createTask(ADMIN, "reader", "first");
    api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "reader").put("content", "hello"));

    JsonObject inbox = api.inbox(reader);
    JsonArray items = inbox.getJsonArray("items");
    assertThat(items).hasSize(2);
    JsonObject created = items.getJsonObject(0);
    assertThat(created.getString("delivery_id")).startsWith("del_");
    assertThat(created.getString("event")).isEqualTo("task.created");
    assertThat(created.getString("from_agent")).isEqualTo("admin");
    assertThat(created.getString("task_id")).isEqualTo(taskId);
    assertThat(created.getJsonObject("task").getString("title")).isEqualTo("first");
    JsonObject message = items.getJsonObject(1);
    assertThat(message.getString("event")).isEqualTo("message.new");
    assertThat(message.containsKey("task_id")).isTrue();
    assertThat(message.getString("task_id")).isNull();
    assertThat(message.getJsonObject("message").getJsonArray("parts").getJsonObject(0).getString("text"))
        .isEqualTo("hello");
    assertThat(message.getLong("seq")).isGreaterThan(created.getLong("seq"));
    assertThat(inbox.getLong("next_after")).isEqualTo(message.getLong("seq"));
    assertThat(inbox.getLong("pending")).isEqualTo(2);
  }

  @Test
  void pagesWithAfterAndLimitAndCountsAllPending() {
    for (int i = 0; i < 5; i++) {
      api.createTask(ADMIN, "reader", "task " + i);
    }
    JsonObject first = api.get("/api/v1/inbox?limit=2", reader).json();
    assertThat(first.getJsonArray("items")).hasSize(2);
    assertThat(first.getLong("pending")).isEqualTo(5);

    JsonObject second = api.get("/api/v1/inbox?limit=2&after=" + first.getLong("next_after"), reader).json();
    assertThat(second.getJsonArray("items")).hasSize(2);
    assertThat(second.getJsonArray("items").getJsonObject(0).getLong("seq")).isGreaterThan(first.getLong("next_after"));

    long last = second.getLong("next_after") + 1000;
    JsonObject empty = api.get("/api/v1/inbox?after=" + last, reader).json();
    assertThat(empty.getJsonArray("items")).isEmpty();
    assertThat(empty.getLong("next_after")).isEqualTo(last);
    assertThat(empty.getLong("pending")).isEqualTo(5);
  }

  @Test
  void filtersBySender() {
    String other = api.register("other", 1);
    api.createTask(ADMIN, "reader", "from admin");
    api.createTask(other, "reader", "from other");
    JsonArray items = api.get("/api/v1/inbox?from=other", reader).array("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("from_agent")).isEqualTo("other");
  }

  @Test
  void ackByIdsRemovesExactlyThoseAndTheyNeverComeBack() {
    api.createTask(ADMIN, "reader", "a");
    api.createTask(ADMIN, "reader", "b");
    api.createTask(ADMIN, "reader", "c");
    JsonArray items = api.inbox(reader).getJsonArray("items");
    String first = items.getJsonObject(0).getString("delivery_id");
    String third = items.getJsonObject(2).getString("delivery_id");

    Api.Reply ack = api.post("/api/v1/inbox/ack", reader,
        new JsonObject().put("delivery_ids", new JsonArray().add(first).add(third).add("del_unknown")));
    assertThat(ack.status()).isEqualTo(200);
    assertThat(ack.json().getInteger("acknowledged")).isEqualTo(2);

    JsonObject after = api.inbox(reader);
    assertThat(after.getJsonArray("items")).hasSize(1);
    assertThat(after.getJsonArray("items").getJsonObject(0).getString("delivery_id"))
        .isEqualTo(items.getJsonObject(1).getString("delivery_id"));
    assertThat(after.getLong("pending")).isEqualTo(1);

    Api.Reply again = api.post("/api/v1/inbox/ack", reader, new JsonObject().put("delivery_ids", new JsonArray().add(first)));
    assertThat(again.json().getInteger("acknowledged")).isZero();
  }

  @Test
  void ackUpToSeqAcknowledgesEverythingUpToIt() {
    api.createTask(ADMIN, "reader", "a");
    api.createTask(ADMIN, "reader", "b");
    api.createTask(ADMIN, "reader", "c");
    JsonArray items = api.inbox(reader).getJsonArray("items");
    long secondSeq = items.getJsonObject(1).getLong("seq");

    Api.Reply ack = api.post("/api/v1/inbox/ack", reader, new JsonObject().put("up_to_seq", secondSeq));
    assertThat(ack.json().getInteger("acknowledged")).isEqualTo(2);
    JsonObject after = api.inbox(reader);
    assertThat(after.getJsonArray("items")).hasSize(1);
    assertThat(after.getLong("pending")).isEqualTo(1);
    assertThat(api.get("/api/v1/stats", ADMIN).json().getJsonObject("deliveries").getLong("acked")).isEqualTo(2);
  }

  @Test
  void anAgentCannotAckAnotherAgentsDeliveries() {
    String other = api.register("other", 2);
    api.createTask(ADMIN, "reader", "mine");
    String deliveryId = api.inbox(reader).getJsonArray("items").getJsonObject(0).getString("delivery_id");

    Api.Reply ack = api.post("/api/v1/inbox/ack", other, new JsonObject().put("delivery_ids", new JsonArray().add(deliveryId)));
    assertThat(ack.json().getInteger("acknowledged")).isZero();
    assertThat(api.inbox(reader).getLong("pending")).isEqualTo(1);
  }

  @Test
  void tier1ReadsAndAcksAnotherInboxByAgentId() {
    api.createTask(ADMIN, "reader", "for reader");
    JsonObject seen = api.get("/api/v1/inbox?agent_id=reader", ADMIN).json();
    assertThat(seen.getJsonArray("items")).hasSize(1);
    assertThat(api.get("/api/v1/inbox?agent_id=ghost", ADMIN).status()).isEqualTo(404);
    Api.Reply ack = api.post("/api/v1/inbox/ack?agent_id=reader", ADMIN, new JsonObject().put("up_to_seq", 1_000_000));
    assertThat(ack.json().getInteger("acknowledged")).isEqualTo(1);
    assertThat(api.inbox(reader).getJsonArray("items")).isEmpty();
  }

  @Test
  void ackNeedsExactlyOneOfIdsAndUpToSeq() {
    assertThat(api.post("/api/v1/inbox/ack", reader, new JsonObject()).status()).isEqualTo(422);
    assertThat(api.post("/api/v1/inbox/ack", reader,
        new JsonObject().put("up_to_seq", 1).put("delivery_ids", new JsonArray())).status()).isEqualTo(422);
  }

  @Test
  void eachSendIsAuditedOnceWithItsDeliveriesAndAcksAreAudited() {
    String taskId = api.createTask(ADMIN, "reader", "a");
    long seq = api.inbox(reader).getJsonArray("items").getJsonObject(0).getLong("seq");
    api.post("/api/v1/inbox/ack", reader, new JsonObject().put("up_to_seq", 1_000_000));

    JsonArray entries = api.get("/api/v1/audit?agent=reader&limit=200", ADMIN).array("entries");
    List<String> events = entries.stream().map(e -> ((JsonObject) e).getString("event")).toList();
    assertThat(events).containsExactly("agent.registered", "task.created", "delivery.acked");
    JsonObject created = entries.getJsonObject(1);
    assertThat(created.getString("subject_id")).isEqualTo(taskId);
    assertThat(created.getJsonObject("detail").getJsonArray("deliveries")).hasSize(1);
    JsonObject delivery = created.getJsonObject("detail").getJsonArray("deliveries").getJsonObject(0);
    assertThat(delivery.getString("to_agent")).isEqualTo("reader");
    assertThat(delivery.getLong("seq")).isEqualTo(seq);
    assertThat(delivery.getString("delivery_id")).startsWith("del_");
  }
}
