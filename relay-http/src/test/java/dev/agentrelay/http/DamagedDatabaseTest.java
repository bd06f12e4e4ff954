package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The quick check at start: a damaged file is refused with a message that names it and the way back. */
@ExtendWith(VertxExtension.class)
@SqliteOnly
class DamagedDatabaseTest {

  private static final String ADMIN = TestRelay.ADMIN_KEY;

  @TempDir
  Path dir;
  @TempDir
  Path damagedDir;

  @Test
  void aFileWithGarbagePagesIsRefusedNamingTheFileAndTheBackupCommand(Vertx vertx) throws Exception {
    TestRelay relay = TestRelay.start(vertx, dir);
    Api api = relay.api();
    api.register("reader", 2);
    for (int i = 0; i < 100; i++) {
      api.post("/api/v1/messages", ADMIN, new JsonObject().put("to_agent", "reader").put("content", "m" + i));
    }
    Path original = relay.config().database();
    relay.stop();
    Path damaged = damagedDir.resolve("damaged.db");
    Files.copy(original, damaged);
    long pageSize = SqliteFile.number(damaged, "PRAGMA page_size");
    long pages = SqliteFile.number(damaged, "PRAGMA page_count");
    assertThat(pages).isGreaterThan(6);
    byte[] garbage = new byte[(int) pageSize * 4];
    new Random(7).nextBytes(garbage);
    try (RandomAccessFile file = new RandomAccessFile(damaged.toFile(), "rw")) {
      file.seek(pageSize * 2);
      file.write(garbage);
    }

    assertThatThrownBy(() -> TestRelay.start(vertx, damagedDir, Map.of("RELAY_DB", damaged.toString())))
        .hasMessageContaining("the database file " + damaged + " is damaged")
        .hasMessageContaining("relay backup");

    // the original, undamaged, still starts
    TestRelay again = TestRelay.start(vertx, dir);
    assertThat(again.api().inbox(again.api().register("another", 2)).getLong("pending")).isZero();
    again.stop();
  }

  @Test
  void aFileThatIsNotADatabaseAtAllIsRefusedTheSameWay(Vertx vertx) throws Exception {
    Path damaged = damagedDir.resolve("garbage.db");
    byte[] garbage = new byte[16384];
    new Random(3).nextBytes(garbage);
    Files.write(damaged, garbage);

    assertThatThrownBy(() -> TestRelay.start(vertx, damagedDir, Map.of("RELAY_DB", damaged.toString())))
        .hasMessageContaining("the database file " + damaged + " is damaged")
        .hasMessageContaining("relay backup");
  }
}
