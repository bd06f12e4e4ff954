package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /ui/}: the dashboard's files, served without a key, under a strict Content-Security-Policy. */
@ExtendWith(VertxExtension.class)
class DashboardStaticTest {

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void thePageIsServedWithoutAKeyUnderAStrictPolicy(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);

    Api.Reply page = relay.api().get("/ui/", null);

    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("<script type=\"module\" src=\"js/main.js\"></script>");
    String policy = page.header("Content-Security-Policy");
    assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
        "frame-ancestors 'none'");
    assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
  }

  @Test
  void modulesAndStylesCarryTheirTypes(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);

    Api.Reply script = relay.api().get("/ui/js/main.js", null);
    Api.Reply style = relay.api().get("/ui/app.css", null);

    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("Content-Type")).matches("(text|application)/javascript.*");
    assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(style.header("Content-Type")).startsWith("text/css");
  }

  @Test
  void noFileOfTheDashboardWritesHtmlFromStrings(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);
    for (String file : new String[] {"js/api.js", "js/dom.js", "js/main.js", "js/poll.js", "js/views/agents.js",
        "js/views/audit.js", "js/views/live.js", "js/views/overview.js", "js/views/send.js", "js/views/task.js",
        "js/views/tasks.js"}) {
      Api.Reply script = relay.api().get("/ui/" + file, null);
      assertThat(script.status()).as(file).isEqualTo(200);
      assertThat(script.body()).as(file).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
          "document.write", "eval(", "new Function");
    }
  }

  @Test
  void theBarePathLeadsToTheDashboard(Vertx vertx) {
    relay = TestRelay.start(vertx, dir);

    // the client follows the redirect
    Api.Reply bare = relay.api().get("/ui", null);

    assertThat(bare.status()).isEqualTo(200);
    assertThat(bare.body()).contains("js/main.js");
  }

  @Test
  void relayUiFalseServesNoDashboard(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_UI", "false"));

    Api.Reply page = relay.api().get("/ui/", null);

    assertThat(page.status()).isEqualTo(404);
    assertThat(page.header("Content-Type")).startsWith("application/problem+json");
  }
}
