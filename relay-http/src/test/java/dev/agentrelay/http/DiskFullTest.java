package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the relay's data directory on a 2 MiB tmpfs that the test fills. Needs root (to mount);
 * skipped, with the reason, where it cannot mount one.
 */
@ExtendWith(VertxExtension.class)
@SqliteOnly
class DiskFullTest {

  private static final Logger LOG = Logger.getLogger(DiskFullTest.class.getName());
  private static final String ADMIN = TestRelay.ADMIN_KEY;

  @TempDir
  Path dir;
  Path mount;
  TestRelay relay;

  @AfterEach
  void cleanUp() throws Exception {
    if (relay != null) {
      relay.stop();
    }
    if (mount != null) {
      run("umount", mount.toString());
    }
  }

  @Test
  void aFullDiskRefusesWritesWith503StorageFullKeepsReadsAndLosesNothing(Vertx vertx) throws Exception {
    mountSmallTmpfs();
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_DATA_DIR", mount.resolve("data").toString(),
        "RELAY_DB", mount.resolve("data/relay.db").toString()));
    Api api = relay.api();
    String reader = api.register("reader", 2);
    List<String> answered = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answered.add(send(api, "before " + i).json().getString("message_id"));
    }

    Path filler = mount.resolve("filler");
    fill(filler);
    Api.Reply refused = null;
    for (int i = 0; i < 50 && refused == null; i++) {
      Api.Reply reply = send(api, "while full " + i);
      if (reply.status() == 201) {
        answered.add(reply.json().getString("message_id"));
      } else {
        refused = reply;
      }
    }

    assertThat(refused).as("a send on a full disk").isNotNull();
    assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
    assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.json().getString("code")).isEqualTo("storage_full");
    assertThat(refused.header("Retry-After")).isNotNull();
    assertThat(refused.body()).doesNotContain("SQLITE").doesNotContain("Exception");
    assertThat(api.get("/api/v1/inbox?limit=200", reader).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/stats", ADMIN).status()).isEqualTo(200);

    Files.delete(filler);
    Api.Reply again = send(api, "after");
    assertThat(again.status()).as(again.toString()).isEqualTo(201);
    answered.add(again.json().getString("message_id"));

    List<String> held = new ArrayList<>();
    api.inbox(reader).getJsonArray("items")
        .forEach(item -> held.add(((JsonObject) item).getJsonObject("message").getString("message_id")));
    assertThat(held).containsExactlyElementsOf(answered);
    relay.restart();
    assertThat(relay.api().inbox(reader).getJsonArray("items")).hasSize(answered.size());
    assertThat(SqliteFile.text(relay.config().database(), "PRAGMA integrity_check")).isEqualTo("ok");
  }

  private static Api.Reply send(Api api, String content) {
    return api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "reader")
        .put("content", content + " " + "y".repeat(3000)));
  }

  private void mountSmallTmpfs() throws Exception {
    Path target = Files.createDirectories(dir.resolve("small"));
    String user = System.getProperty("user.name");
    Assumptions.assumeTrue("root".equals(user), () -> skip("mounting a tmpfs needs root (running as " + user + ")"));
    int exit = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", target.toString());
    Assumptions.assumeTrue(exit == 0, () -> skip("mount -t tmpfs failed (exit " + exit + ")"));
    mount = target;
  }

  private static String skip(String reason) {
    LOG.warning("DiskFullTest skipped: " + reason);
    return reason;
  }

  /** Writes {@code file} until the file system has no space left. */
  private static void fill(Path file) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
  }

  private static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
