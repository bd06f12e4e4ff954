package dev.agentrelay.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentrelay.core.Failure;
import dev.agentrelay.core.RelayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BodyJsonTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"a\": 1                 | unexpected end of input at line 1, column 8",
      "{\"a\": 1} {}             | there is more after the JSON value at line 1, column 9",
      "{\"a\": 1} x              | there is more after the JSON value at line 1, column 9",
      "{'a': 1}                  | unexpected character ''' at line 1, column 2",
      "{\"a\": 1,}               | unexpected character '}' at line 1, column 9",
      "{\"a\":1,\"a\":2}         | the member 'a' is given twice at line 1, column 11",
      "{\"a\": \"\\q\"}          | unexpected character 'q' at line 1, column 9",
      "nul                       | unexpected end of input at line 1, column 4"})
  void describesMalformedJsonInItsOwnWords(String body, String expected) {
    RelayException refused = refusal(body.getBytes(StandardCharsets.UTF_8));
    assertThat(refused.failure()).isEqualTo(Failure.BAD_REQUEST);
    assertThat(refused.getMessage()).isEqualTo("the body is not valid JSON: " + expected);
  }

  @Test
  void namesAnUnescapedControlCharacterByItsCodePoint() {
    assertThat(refusal("{\"a\": \"x\ny\"}".getBytes(StandardCharsets.UTF_8)).getMessage())
        .isEqualTo("the body is not valid JSON: unexpected control character U+000A at line 1, column 9");
  }

  @Test
  void refusesAnOverlongNumberOrMemberNameWith422() {
    RelayException number = refusal(("{\"a\": " + "9".repeat(101) + "}").getBytes(StandardCharsets.UTF_8));
    assertThat(number.failure()).isEqualTo(Failure.INVALID);
    assertThat(number.getMessage()).isEqualTo("the body holds a number longer than 100 characters");
    RelayException name = refusal(("{\"" + "k".repeat(1025) + "\": 1}").getBytes(StandardCharsets.UTF_8));
    assertThat(name.failure()).isEqualTo(Failure.INVALID);
    assertThat(name.getMessage()).isEqualTo("the body holds a member name longer than 1024 characters");
  }

  @Test
  void refusesABodyOfWhiteSpaceOnly() {
    assertThat(refusal(" \r\n\t".getBytes(StandardCharsets.UTF_8)).getMessage())
        .isEqualTo("the body holds no JSON value, only white space");
  }

  @Test
  void refusesNestingPastTheLimitWith422() {
    String deepest = "{\"m\":" + "[".repeat(BodyJson.MAX_DEPTH - 1) + "]".repeat(BodyJson.MAX_DEPTH - 1) + "}";
    assertThat(BodyJson.read(deepest.getBytes(StandardCharsets.UTF_8)).isObject()).isTrue();
    String deeper = "{\"m\":" + "[".repeat(BodyJson.MAX_DEPTH) + "]".repeat(BodyJson.MAX_DEPTH) + "}";
    RelayException refused = refusal(deeper.getBytes(StandardCharsets.UTF_8));
    assertThat(refused.failure()).isEqualTo(Failure.INVALID);
    assertThat(refused.getMessage()).isEqualTo("the body nests objects and arrays more than 32 levels deep");
  }

  @Test
  void refusesAnOverlongUtf8FormAnEncodedSurrogateAndAPointPastTheLastPlane() {
    for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}}) {
      byte[] body = new byte[8 + bad.length];
      System.arraycopy("{\"a\":\"".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 6);
      System.arraycopy(bad, 0, body, 6, bad.length);
      body[6 + bad.length] = '"';
      body[7 + bad.length] = '}';
      RelayException refused = refusal(body);
      assertThat(refused.failure()).isEqualTo(Failure.BAD_REQUEST);
      assertThat(refused.getMessage()).isEqualTo("the body is not valid UTF-8: the bytes at offset 6 do not encode "
          + "a character");
    }
  }

  @Test
  void readsCharactersFromEveryPlaneAndTheirEscapes() {
    String body = "{\"a\": \"é€😀\", \"b\": \"\\u00e9\\uD83D\\uDE00\"}";
    var value = BodyJson.read(body.getBytes(StandardCharsets.UTF_8));
    assertThat(value.get("a").textValue()).isEqualTo("é€😀");
    assertThat(value.get("b").textValue()).isEqualTo("é😀");
  }

  @Test
  void refusesAnEscapedLoneSurrogateAndAnInfiniteNumber() {
    assertThat(refusal("{\"a\": [\"\\uD800\"]}".getBytes(StandardCharsets.UTF_8)).getMessage())
        .startsWith("the body holds the escape \\uD800");
    assertThat(refusal("{\"\\uDC00\": 1}".getBytes(StandardCharsets.UTF_8)).getMessage())
        .startsWith("the body holds the escape \\uDC00");
    assertThat(refusal("{\"a\": {\"b\": 1e99999}}".getBytes(StandardCharsets.UTF_8)).failure())
        .isEqualTo(Failure.INVALID);
  }

  private static RelayException refusal(byte[] body) {
    RelayException refused = catchThrowableOfType(RelayException.class, () -> BodyJson.read(body));
    assertThat(refused).as("refused").isNotNull();
    return refused;
  }
}
