package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code RELAY_AUTH_FAILURE_LIMIT}: failed authentications per client address, whatever RELAY_RATE_LIMIT says. */
@ExtendWith(VertxExtension.class)
class AuthFailureLimitTest {

  private static final String WRONG_KEY = "not-a-key-of-this-relay-0123456789abcdef";

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.stop();
    }
  }

  @Test
  void aClientThatSpentItsFailuresGets429BeforeItsKeyIsLookedAtAndOthersAreNotHeld(Vertx vertx) {
    // half a failure a second, one saved: the second failure within 2 s is one too many
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_AUTH_FAILURE_LIMIT", "0.5"));
    Api api = relay.api();

    assertThat(api.get("/api/v1/agents", WRONG_KEY).status()).isEqualTo(401);
    Api.Reply refused = api.get("/api/v1/agents", WRONG_KEY);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
    assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 2L);
    assertThat(refused.json().getString("code")).isEqualTo("too_many_auth_failures");
    assertThat(api.get("/api/v1/agents", null).status()).as("no key at all counts the same").isEqualTo(429);
    assertThat(api.get("/api/v1/agents", TestRelay.ADMIN_KEY).status()).as("refused before the key is looked at")
        .isEqualTo(429);

    Api elsewhere = new Api(WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.2"),
        new PoolOptions()), "127.0.0.1", relay.port());
    assertThat(elsewhere.get("/api/v1/agents", TestRelay.ADMIN_KEY).status()).as("another address").isEqualTo(200);
    assertThat(elsewhere.get("/api/v1/health", null).status()).as("health needs no key").isEqualTo(200);
  }

  @Test
  void zeroTurnsTheLimitOff(Vertx vertx) {
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_AUTH_FAILURE_LIMIT", "0"));
    Api api = relay.api();
    for (int i = 0; i < 50; i++) {
      assertThat(api.get("/api/v1/agents", WRONG_KEY).status()).isEqualTo(401);
    }
    assertThat(api.get("/api/v1/agents", TestRelay.ADMIN_KEY).status()).isEqualTo(200);
  }

  @Test
  void ipv6ClientsAreCountedPerSlash64() {
    String one = AuthFailureLimiter.client(SocketAddress.inetSocketAddress(40000, "2001:db8:0:7::1"));
    assertThat(AuthFailureLimiter.client(SocketAddress.inetSocketAddress(40001, "2001:db8:0:7:abcd::2")))
        .isEqualTo(one);
    assertThat(AuthFailureLimiter.client(SocketAddress.inetSocketAddress(40000, "2001:db8:0:8::1")))
        .isNotEqualTo(one);
    assertThat(AuthFailureLimiter.client(SocketAddress.inetSocketAddress(40000, "192.0.2.1"))).isEqualTo("192.0.2.1");
  }
}
