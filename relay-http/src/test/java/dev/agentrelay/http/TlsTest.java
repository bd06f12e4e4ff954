package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.config.RelayConfig;
import dev.agentrelay.http.mcp.McpHttp;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code RELAY_TLS_CERT} / {@code RELAY_TLS_KEY}: HTTPS with a certificate made here. */
@ExtendWith(VertxExtension.class)
class TlsTest {

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

  @Test
  void mcpToolsReachTheRelayOverHttps(Vertx vertx) throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_TLS_CERT", certificate.certificatePath(),
        "RELAY_TLS_KEY", certificate.privateKeyPath()));

    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
        .builder("https://localhost:" + relay.port())
        .clientBuilder(java.net.http.HttpClient.newBuilder().sslContext(trusting(certificate.certificatePath())))
        .endpoint("/mcp")
        .requestBuilder(java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + TestRelay.ADMIN_KEY))
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(McpClients.REQUEST_TIMEOUT).build();
    try {
      client.initialize();
      // the tool calls the REST API over the loopback client, which must trust the relay's certificate
      assertThat(McpClients.ok(client, "relay_agents", Map.of())).isNotNull();
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void theMcpLoopbackClientTrustsTheRelaysOwnCertificateAndNoOther(Vertx vertx) throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("relay.example.com");
    relay = TestRelay.start(vertx, dir, Map.of("RELAY_TLS_CERT", certificate.certificatePath(),
        "RELAY_TLS_KEY", certificate.privateKeyPath()));
    RelayConfig config = relay.config().withPort(relay.port());
    URI self = McpHttp.loopback(config);
    HttpClient loopback = vertx.createHttpClient(McpHttp.loopbackOptions(config, self));
    SelfSignedCertificate other = SelfSignedCertificate.create("relay.example.com");
    HttpServer impostor = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(other.certificatePath())
            .setKeyPath(other.privateKeyPath())))
        .requestHandler(request -> request.response().end("{\"status\":\"ok\"}"));
    TestRelay.await(impostor.listen());
    try {
      assertThat(TestRelay.await(health(loopback, self.getHost(), self.getPort())).statusCode()).isEqualTo(200);

      boolean refused = TestRelay.await(health(loopback, "127.0.0.1", impostor.actualPort())
          .transform(result -> Future.succeededFuture(result.failed())));
      assertThat(refused).as("a server with another certificate is refused").isTrue();
    } finally {
      TestRelay.await(impostor.close());
      TestRelay.await(loopback.close());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "[::]", "127.0.0.1", "::1", "localhost"})
  void theMcpLoopbackClientCallsALiteralAddressOfTheRelay(String host) throws Exception {
    URI self = McpHttp.loopback(RelayConfig.from(Map.of("RELAY_HOST", host, "RELAY_PORT", "8400")));

    String literal = self.getHost().startsWith("[") ? self.getHost().substring(1, self.getHost().length() - 1)
        : self.getHost();
    assertThat(literal).as(self.toString()).matches("[0-9]+(\\.[0-9]+){3}|[0-9a-f:]+");
    assertThat(InetAddress.getByName(literal).isLoopbackAddress()).as(self.toString()).isTrue();
    assertThat(self.getPort()).isEqualTo(8400);
    assertThat(self.getScheme()).isEqualTo("http");
  }

  private static Future<HttpClientResponse> health(HttpClient client, String host, int port) {
    return client.request(new RequestOptions().setHost(host).setPort(port).setURI("/api/v1/health"))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response));
  }

  /** A JDK SSL context trusting only the certificate in {@code pemPath}. */
  private static SSLContext trusting(String pemPath) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(Path.of(pemPath))) {
      store.setCertificateEntry("relay", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
