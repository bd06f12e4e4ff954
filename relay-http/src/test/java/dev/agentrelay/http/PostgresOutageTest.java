package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL gone mid-load, then back: sends in flight when the database is cut off answer 201 or 503, sends made
 * while it is away answer 503 and store nothing, and once it is back the same relay (no restart) answers 201 again.
 * Every send answered 201 is in the inbox exactly once.
 */
@ExtendWith(VertxExtension.class)
@EnabledIfSystemProperty(named = TestStore.PROPERTY, matches = "postgres")
class PostgresOutageTest {

  private static final int SENDS = 100;

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void writesAnswer503WhileTheDatabaseIsAwayLoseNothingAnswered201AndRecoverWithoutARestart(Vertx vertx) {
    TestPostgres.Database db = TestPostgres.freshDatabase();
    Api api = startOn(vertx, db);
    String sink = api.register("sink", 2);
    String sender = api.register("sender", 2);

    List<Future<Api.Reply>> inFlight = sends(api, sender, "in-flight");
    TestPostgres.cutOff(db);
    List<Api.Reply> duringCut = replies(inFlight);
    List<Api.Reply> whileAway = replies(sends(api, sender, "away"));
    Api.Reply inboxWhileAway = api.get("/api/v1/inbox", sink);
    TestPostgres.reconnect(db);
    List<Api.Reply> afterReturn = replies(sends(api, sender, "back"));

    assertThat(duringCut).allSatisfy(reply -> assertThat(reply.status()).isIn(201, 503));
    assertThat(whileAway).allSatisfy(PostgresOutageTest::isUnavailable);
    isUnavailable(inboxWhileAway);
    assertThat(afterReturn).allSatisfy(reply -> assertThat(reply.status()).as(reply.body()).isEqualTo(201));

    Set<String> answered201 = new HashSet<>();
    for (List<Api.Reply> replies : List.of(duringCut, afterReturn)) {
      replies.stream().filter(reply -> reply.status() == 201)
          .forEach(reply -> answered201.add(reply.json().getString("message_id")));
    }
    List<JsonObject> inbox = wholeInbox(api, sink);
    List<String> contents = inbox.stream().map(item -> item.getJsonObject("message").getJsonArray("parts")
        .getJsonObject(0).getString("text")).toList();
    assertThat(contents).noneMatch(text -> text.startsWith("away"));
    List<String> inboxIds = inbox.stream().map(item -> item.getJsonObject("message").getString("message_id")).toList();
    assertThat(inboxIds).doesNotHaveDuplicates().containsAll(answered201);
  }

  @Test
  void connectionsTheServerCutWhileTheRelayIdledCostNoRequestAnError(Vertx vertx) {
    TestPostgres.Database db = TestPostgres.freshDatabase();
    Api api = startOn(vertx, db);
    String sink = api.register("sink", 2);
    String sender = api.register("sender", 2);
    assertThat(api.get("/api/v1/inbox", sink).status()).isEqualTo(200);

    TestPostgres.cutOff(db);
    TestPostgres.reconnect(db);

    Api.Reply send = api.post("/api/v1/messages", sender, new JsonObject().put("to_agent", "sink").put("content", "x"));
    assertThat(send.status()).as(send.body()).isEqualTo(201);
    Api.Reply inbox = api.get("/api/v1/inbox", sink);
    assertThat(inbox.status()).as(inbox.body()).isEqualTo(200);
    assertThat(inbox.array("items")).hasSize(1);
  }

  private Api startOn(Vertx vertx, TestPostgres.Database db) {
    relay = TestRelay.start(vertx, dir, TestPostgres.relayEnv(db));
    return relay.api();
  }

  private static void isUnavailable(Api.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isNotNull();
    assertThat(reply.json().getString("code")).isEqualTo("storage_unavailable");
  }

  private static List<Future<Api.Reply>> sends(Api api, String sender, String label) {
    List<Future<Api.Reply>> sends = new ArrayList<>();
    for (int i = 0; i < SENDS; i++) {
      JsonObject body = new JsonObject().put("to_agent", "sink").put("content", label + "-" + i);
      sends.add(api.sendAsync(HttpMethod.POST, "/api/v1/messages", sender, body, Map.of()));
    }
    return sends;
  }

  private static List<Api.Reply> replies(List<Future<Api.Reply>> sends) {
    TestRelay.await(Future.join(sends));
    return sends.stream().map(Future::result).toList();
  }

  private static List<JsonObject> wholeInbox(Api api, String key) {
    List<JsonObject> items = new ArrayList<>();
    long after = 0;
    while (true) {
      Api.Reply reply = api.get("/api/v1/inbox?limit=200&after=" + after, key);
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      JsonArray page = reply.json().getJsonArray("items");
      if (page.isEmpty()) {
        return items;
      }
      page.forEach(item -> items.add((JsonObject) item));
      after = reply.json().getLong("next_after");
    }
  }
}
