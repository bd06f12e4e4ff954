package dev.agentrelay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentrelay.core.RelayException;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlsTest {

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1/h", "http://localhost:9000/h", "https://[::1]/h", "http://169.254.169.254/",
      "http://[fe80::1]/h", "http://0.0.0.0/h", "http://api.localhost/h", "http://[::]/h", "http://0.1.2.3/h",
      "http://[::ffff:127.0.0.1]/h", "http://[::ffff:7f00:1]:8080/h", "http://[::127.0.0.1]/h",
      "http://[::ffff:169.254.169.254]/latest", "http://100.100.100.200/latest/meta-data",
      "http://[fd00:ec2::254]/latest", "http://[FD00:EC2:0:0:0:0:0:254]/latest", "http://[::ffff:100.100.100.200]/"})
  void refusesLocalAndMetadataTargetsByDefault(String url) {
    assertThatThrownBy(() -> WebhookUrls.check(url, false))
        .isInstanceOf(RelayException.class)
        .hasMessageContaining("RELAY_WEBHOOK_ALLOW_LOCAL")
        .extracting(e -> ((RelayException) e).code()).isEqualTo("webhook_url_refused");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1/h", "http://localhost:9000/h", "http://100.100.100.200/h",
      "http://[::ffff:127.0.0.1]/h"})
  void allowsLocalTargetsWhenConfigured(String url) {
    assertThat(WebhookUrls.check(url, true)).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.0.0.5/h", "https://100.64.1.2:8443/h", "http://192.168.1.9/h",
      "https://hooks.example.com/relay", "http://100.100.100.201/h", "http://[fd00:ec2::253]/h",
      "http://[2001:db8::1]/h", "http://[::ffff:10.0.0.5]/h", "http://1.0.0.1/h", "https://1e100.net/h"})
  void allowsPrivateTailscaleAndPublicTargets(String url) {
    assertThat(WebhookUrls.check(url, false)).isEqualTo(url);
  }

  /** inet_aton reads each of these as 127.0.0.1 (or another address than Java would), so none is accepted. */
  @ParameterizedTest
  @ValueSource(strings = {"http://0177.0.0.1/h", "http://0x7f.1/h", "http://0x7f000001/h", "http://127.1/h",
      "http://127.0.1/h", "http://2130706433/h", "http://017700000001/h", "http://127.0.0.01/h",
      "http://127.0.0.1./h", "http://user:pw@0x7F.0.0.1:8080/h", "http://1.2.3.4.5/h", "http://256.0.0.1/h",
      "http://hooks.example.0x10/h"})
  void refusesNonCanonicalNumericIpv4SpellingsEvenWhenLocalTargetsAreAllowed(String url) {
    for (boolean allowLocal : new boolean[] {false, true}) {
      assertThatThrownBy(() -> WebhookUrls.check(url, allowLocal))
          .isInstanceOf(RelayException.class)
          .hasMessageContaining("dotted decimal")
          .extracting(e -> ((RelayException) e).code()).isEqualTo("webhook_url_refused");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"::ffff:127.0.0.1", "::", "0.0.0.0", "169.254.169.254", "fd00:ec2::254", "100.100.100.200",
      "127.8.9.10", "::1"})
  void countsResolvedLocalAndMetadataAddressesAsLocal(String address) throws Exception {
    assertThat(WebhookUrls.isLocalAddress(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"::ffff:127.0.0.1", "::ffff:169.254.169.254"})
  void countsAnIpv6AddressCarryingALocalIpv4AddressAsLocalHoweverItWasBuilt(String address) throws Exception {
    // some resolvers hand IPv4-mapped answers over as Inet6Address; InetAddress.getByName would unwrap them
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    System.arraycopy(InetAddress.getByName(address).getAddress(), 0, bytes, 12, 4);
    assertThat(WebhookUrls.isLocalAddress(java.net.Inet6Address.getByAddress(null, bytes, -1))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "not a url", "http:///nohost"})
  void refusesOtherSchemesAndBrokenUrls(String url) {
    assertThatThrownBy(() -> WebhookUrls.check(url, true)).isInstanceOf(RelayException.class);
  }
}
