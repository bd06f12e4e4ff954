package dev.agentrelay.core.model;

import dev.agentrelay.core.RelayException;

/** An enum whose constants travel as lower-case words. */
public interface WireEnum {

  String wire();

  /** The constant whose wire word is {@code word}, or a 422 naming the accepted words. */
  static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String field, String word) {
    for (E constant : type.getEnumConstants()) {
      if (constant.wire().equals(word)) {
        return constant;
      }
    }
    StringBuilder accepted = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      accepted.append(accepted.length() == 0 ? "" : ", ").append(constant.wire());
    }
    throw RelayException.invalid("'" + field + "' must be one of: " + accepted + " (got '" + word + "')");
  }
}
