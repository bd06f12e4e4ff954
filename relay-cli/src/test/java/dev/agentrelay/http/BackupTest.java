package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code relay backup} of a running relay under concurrent sends, and a relay started on the copy. */
@ExtendWith(VertxExtension.class)
class BackupTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  @TempDir
  Path dir;
  @TempDir
  Path restoreDir;
  TestRelay relay;
  TestRelay restored;

  @AfterEach
  void stop() {
    if (restored != null) {
      restored.stop();
    }
    if (relay != null) {
      relay.stop();
    }
  }

  @Test
  void aBackupUnderConcurrentSendsRestoresToAConsistentRelay(Vertx vertx) throws Exception {
    relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    String reader = api.register("reader", 2);
    for (int i = 0; i < 20; i++) {
      send(api, "early " + i);
    }
    JsonArray early = api.inbox(reader).getJsonArray("items");
    long ackedUpTo = early.getJsonObject(9).getLong("seq");
    assertThat(api.post("/api/v1/inbox/ack", reader, new JsonObject().put("up_to_seq", ackedUpTo)).json()
        .getLong("acknowledged")).isEqualTo(10);

    List<String> answered = new CopyOnWriteArrayList<>();
    AtomicBoolean sending = new AtomicBoolean(true);
    Thread sender = new Thread(() -> {
      for (int i = 0; sending.get(); i++) {
        Api.Reply reply = send(api, "during " + i);
        if (reply.status() == 201) {
          answered.add(reply.json().getString("message_id"));
        }
      }
    }, "concurrent-sender");
    sender.start();
    RetentionTest.awaitCondition(() -> answered.size() >= 20);
    List<String> answeredBeforeBackup = List.copyOf(answered);
    Path copy = dir.resolve("backups/relay-copy.db");
    Files.createDirectories(copy.getParent());
    Cli.Run backup = Cli.of(relay).withEnv(Map.of("RELAY_DB", relay.config().database().toString()))
        .run("backup", copy.toString());
    int answeredDuringBackup = answered.size() - answeredBeforeBackup.size();
    sending.set(false);
    sender.join();

    assertThat(backup.exit()).as(backup.toString()).isZero();
    assertThat(backup.out()).contains("RELAY_DB=" + copy.toAbsolutePath());
    assertThat(answeredDuringBackup).as("sends answered while the backup ran").isPositive();
    assertThat(Files.exists(copy.resolveSibling("relay-copy.db.partial"))).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
    assertThat(SqliteFile.text(copy, "PRAGMA integrity_check")).isEqualTo("ok");

    restored = TestRelay.start(vertx, restoreDir, Map.of("RELAY_DB", copy.toString()));
    Api restoredApi = restored.api();
    Set<String> held = new HashSet<>();
    long after = 0;
    while (true) {
      JsonArray page = restoredApi.get("/api/v1/inbox?limit=200&after=" + after, reader).array("items");
      if (page.isEmpty()) {
        break;
      }
      page.forEach(item -> held.add(((JsonObject) item).getJsonObject("message").getString("message_id")));
      after = page.getJsonObject(page.size() - 1).getLong("seq");
    }
    List<String> acked = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      acked.add(early.getJsonObject(i).getJsonObject("message").getString("message_id"));
    }
    assertThat(held).as("acknowledged before the backup").doesNotContainAnyElementsOf(acked);
    for (int i = 10; i < 20; i++) {
      assertThat(held).contains(early.getJsonObject(i).getJsonObject("message").getString("message_id"));
    }
    assertThat(held).as("every send answered before the backup began").containsAll(answeredBeforeBackup);
    assertThat(restoredApi.get("/api/v1/stats", ADMIN).json().getJsonObject("deliveries").getLong("acked"))
        .isEqualTo(10);
    // the copy is a relay of its own: it takes writes
    assertThat(send(restoredApi, "after restore").status()).isEqualTo(201);
  }

  @Test
  void aBackupNeverOverwritesAFileAndSaysWhereTheDatabaseIsMissing(Vertx vertx) throws Exception {
    relay = TestRelay.start(vertx, dir);
    Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");
    Cli cli = Cli.of(relay).withEnv(Map.of("RELAY_DB", relay.config().database().toString()));

    Cli.Run refused = cli.run("backup", existing.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains(existing.toString()).contains("exists");
    assertThat(Files.readString(existing)).isEqualTo("keep me");

    Cli.Run missing = cli.run("backup", "--database", dir.resolve("nothing.db").toString(),
        dir.resolve("copy.db").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no relay database at " + dir.resolve("nothing.db"));
    assertThat(Files.exists(dir.resolve("copy.db"))).isFalse();

    Cli.Run postgres = Cli.of(relay).withEnv(Map.of("RELAY_STORE", "postgres")).run("backup", "x.dump");
    assertThat(postgres.exit()).isEqualTo(1);
    assertThat(postgres.err()).contains("pg_dump");
  }

  @Test
  void aCopyOfAFileMadeWithoutIncrementalVacuumGivesSpaceBackOnceRestored(Vertx vertx) throws Exception {
    relay = TestRelay.start(vertx, dir);
    Path old = dir.resolve("old.db");
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old);
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (x TEXT)");
      statement.execute("INSERT INTO t VALUES ('kept')");
    }
    assertThat(SqliteFile.number(old, "PRAGMA auto_vacuum")).isZero();
    Path copy = dir.resolve("old-copy.db");

    Cli.Run backup = Cli.of(relay).run("backup", "--database", old.toString(), copy.toString());

    assertThat(backup.exit()).as(backup.toString()).isZero();
    assertThat(SqliteFile.number(copy, "PRAGMA auto_vacuum")).isEqualTo(2);
    assertThat(SqliteFile.text(copy, "SELECT x FROM t")).isEqualTo("kept");
    assertThat(SqliteFile.number(old, "PRAGMA auto_vacuum")).as("the original is left as it was").isZero();
  }

  private static Api.Reply send(Api api, String content) {
    return api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "reader").put("content", content));
  }
}
