package dev.agentrelay.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentrelay.core.RelayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a JSON body that came from outside the relay: UTF-8 only and decoded strictly, one value with nothing
 * after it, no key twice, and bounded so that whatever is accepted can always be stored and written back inside
 * the envelopes the relay puts around it (the writer refuses documents nested 1000 deep). Every refusal is a
 * plain sentence that names the place in the body, never the parser's own words.
 */
public final class BodyJson {

  /** Levels of objects and arrays in a whole body; a body's {@code metadata} is already one level down. */
  public static final int MAX_DEPTH = 32;
  /** Digits in one number: every number the API reads fits in far fewer. */
  public static final int MAX_NUMBER_LENGTH = 100;
  /** Characters in one member name. */
  public static final int MAX_NAME_LENGTH = 1024;

  private static final ObjectMapper READER = Json.MAPPER.copyWith(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(MAX_NUMBER_LENGTH)
          .maxNameLength(MAX_NAME_LENGTH)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private BodyJson() {
  }

  /** The one JSON value {@code body} holds; a 400 (or a 422 for a value over a limit) otherwise. */
  public static JsonNode read(byte[] body) {
    String text = decodeUtf8(body);
    try (JsonParser parser = READER.createParser(text)) {
      return readOneValue(parser);
    } catch (StreamConstraintsException e) {
      throw RelayException.invalid(overLimit(e));
    } catch (JsonEOFException e) {
      throw notJson("unexpected end of input", e.getLocation());
    } catch (JsonProcessingException e) {
      throw notJson(problemAt(e, text), e.getLocation());
    } catch (IOException e) {
      throw RelayException.badRequest("the body could not be read");
    }
  }

  private static JsonNode readOneValue(JsonParser parser) throws IOException {
    if (parser.nextToken() == null) {
      throw RelayException.badRequest("the body holds no JSON value, only white space");
    }
    JsonNode value = READER.readTree(parser);
    JsonLocation end = parser.currentLocation();
    JsonToken after;
    try {
      after = parser.nextToken();
    } catch (JsonProcessingException e) {
      after = JsonToken.NOT_AVAILABLE;
    }
    if (after != null) {
      throw notJson("there is more after the JSON value", end);
    }
    checkValues(value);
    return value;
  }

  /**
   * What the syntax allows but no stored value can hold: an escaped half of a surrogate pair alone (UTF-8 cannot
   * encode it), the escape {@code \u0000} (PostgreSQL's text cannot hold a NUL) and a number past the range of a
   * double (it would read back as a string, "Infinity").
   */
  private static void checkValues(JsonNode value) {
    if (value.isTextual()) {
      checkSurrogates(value.textValue());
    } else if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
      throw RelayException.invalid("the body holds a number too large to store");
    } else if (value.isObject()) {
      value.properties().forEach(member -> {
        checkSurrogates(member.getKey());
        checkValues(member.getValue());
      });
    } else if (value.isArray()) {
      value.forEach(BodyJson::checkValues);
    }
  }

  private static void checkSurrogates(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1));
      if (paired) {
        i++;
      } else if (c == 0) {
        throw RelayException.badRequest("the body holds the escape \\u0000, a NUL character, which no stored text"
            + " can hold");
      } else if (Character.isSurrogate(c)) {
        throw RelayException.badRequest("the body holds the escape \\u" + String.format("%04X", (int) c)
            + ", half of a surrogate pair without its other half; it is not a character");
      }
    }
  }

  /** Java's own UTF-8 decoder refuses overlong forms, encoded surrogates and code points past U+10FFFF. */
  private static String decodeUtf8(byte[] body) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(body.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw RelayException.badRequest("the body is not valid UTF-8: the bytes at offset " + in.position()
          + " do not encode a character");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  private static String problemAt(JsonProcessingException e, String text) {
    String duplicate = duplicateKey(e);
    if (duplicate != null) {
      return "the member '" + shortened(duplicate) + "' is given twice";
    }
    JsonLocation where = e.getLocation();
    long offset = where == null ? -1 : where.getCharOffset();
    if (offset >= text.length()) {
      return "unexpected end of input";
    }
    if (offset >= 0) {
      int character = text.codePointAt((int) offset);
      if (character >= 0x20 && character != 0x7f) {
        return "unexpected character '" + Character.toString(character) + "'";
      }
      return "unexpected control character U+" + String.format("%04X", character);
    }
    return "unexpected content";
  }

  private static String duplicateKey(JsonProcessingException e) {
    boolean duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
    return duplicate && e.getProcessor() instanceof JsonParser parser
        ? parser.getParsingContext().getCurrentName() : null;
  }

  private static RelayException notJson(String what, JsonLocation where) {
    String place = where == null || where.getLineNr() < 1 ? ""
        : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    return RelayException.badRequest("the body is not valid JSON: " + what + place);
  }

  /** Which limit: the parser only says so in its own words, so those are matched and never passed on. */
  private static String overLimit(StreamConstraintsException e) {
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Document nesting depth")) {
      return "the body nests objects and arrays more than " + MAX_DEPTH + " levels deep";
    }
    if (message.startsWith("Number value length")) {
      return "the body holds a number longer than " + MAX_NUMBER_LENGTH + " characters";
    }
    if (message.startsWith("Name length")) {
      return "the body holds a member name longer than " + MAX_NAME_LENGTH + " characters";
    }
    return "the body is larger than the relay reads";
  }

  private static String shortened(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64) + "…";
  }
}
