package dev.agentrelay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrelay.core.RelayException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlsTest {

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1/h", "http://localhost:9000/h", "https://[::1]/h", "http://169.254.169.254/",
      "http://[fe80::1]/h", "http://0.0.0.0/h", "http://api.localhost/h"})
  void refusesLocalTargetsByDefault(String url) {
    assertThatThrownBy(() -> WebhookUrls.check(url, false))
        .isInstanceOf(RelayException.class)
        .hasMessageContaining("RELAY_WEBHOOK_ALLOW_LOCAL")
        .extracting(e -> ((RelayException) e).code()).isEqualTo("webhook_url_refused");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1/h", "http://localhost:9000/h"})
  void allowsLocalTargetsWhenConfigured(String url) {
    assertThat(WebhookUrls.check(url, true)).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.0.0.5/h", "https://100.64.1.2:8443/h", "http://192.168.1.9/h",
      "https://hooks.example.com/relay"})
  void allowsPrivateTailscaleAndPublicTargets(String url) {
    assertThat(WebhookUrls.check(url, false)).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "not a url", "http:///nohost"})
  void refusesOtherSchemesAndBrokenUrls(String url) {
    assertThatThrownBy(() -> WebhookUrls.check(url, true)).isInstanceOf(RelayException.class);
  }
}
