package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code RELAY_TLS_CERT} / {@code RELAY_TLS_KEY}: HTTPS with a certificate made here. */
@ExtendWith(VertxExtension.class)
class TlsTest {

  @TempDir
  Path dir;
  TestRelay relay;

  @AfterEach
  void stop() {
    relay.stop();
  }

  @Test
  void servesHttpsWithThePemCertificateAndRefusesPlainHttp(Vertx vertx) {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_TLS_CERT", certificate.certificatePath(),
        "RELAY_TLS_KEY", certificate.privateKeyPath()));

    WebClient https = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certificatePath())));
    HttpResponse<Buffer> health = TestRelay.await(https.request(HttpMethod.GET, relay.port(), "localhost",
        "/api/v1/health").send());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("ok");

    HttpResponse<Buffer> agents = TestRelay.await(https.request(HttpMethod.GET, relay.port(), "localhost",
        "/api/v1/agents").bearerTokenAuthentication(TestRelay.ADMIN_KEY).send());
    assertThat(agents.statusCode()).isEqualTo(200);

    WebClient plain = WebClient.create(vertx);
    boolean plainRefused = TestRelay.await(plain.request(HttpMethod.GET, relay.port(), "localhost", "/api/v1/health")
        .send().transform(result -> Future.succeededFuture(result.failed() || result.result().statusCode() != 200)));
    assertThat(plainRefused).isTrue();
  }
}
