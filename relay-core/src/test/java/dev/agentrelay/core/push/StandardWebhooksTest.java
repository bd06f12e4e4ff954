package dev.agentrelay.core.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

  /** The example of the Standard Webhooks specification. */
  @Test
  void signsTheSpecificationsExample() {
    String signature = StandardWebhooks.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void keysAnyOtherSecretWithItsUtf8Bytes() {
    assertThat(StandardWebhooks.key("tok-é")).isEqualTo("tok-é".getBytes(StandardCharsets.UTF_8));
  }
}
