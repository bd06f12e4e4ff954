package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A receiver that only long-polls with {@code after} sees every item while sends keep committing. */
@ExtendWith(VertxExtension.class)
class LongPollNoGapTest {

  private static final int SENDS = 400;

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void pollingWithAfterWhileSendsCommitMissesNothing(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String key = api.register("poller", 2);
    List<Future<Api.Reply>> sends = new ArrayList<>();
    for (int i = 0; i < SENDS; i++) {
      JsonObject body = new JsonObject().put("to_agent", "poller").put("content", "m" + i);
      sends.add(api.sendAsync(HttpMethod.POST, "/api/v1/messages", TestRelay.ADMIN_KEY, body, Map.of()));
    }

    Set<Long> seen = new LinkedHashSet<>();
    long after = 0;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (seen.size() < SENDS && System.nanoTime() < deadline) {
      JsonObject page = api.get("/api/v1/inbox?wait=5&limit=7&after=" + after, key).json();
      JsonArray items = page.getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        long seq = items.getJsonObject(i).getLong("seq");
        assertThat(seq).isGreaterThan(after);
        seen.add(seq);
      }
      after = page.getLong("next_after");
    }
    TestRelay.await(Future.all(sends));

    assertThat(seen).hasSize(SENDS);
    assertThat(api.inbox(key).getLong("pending")).isEqualTo(SENDS);
  }
}
