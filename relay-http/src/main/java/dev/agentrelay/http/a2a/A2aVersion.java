package dev.agentrelay.http.a2a;

import io.vertx.ext.web.RoutingContext;

/**
 * The {@code A2A-Version} service parameter (header, or query parameter of the same name): 1.0 is served; an
 * empty value means 0.3 (specification 3.6.2), whose JSON-RPC method names are accepted and answered with 1.0
 * objects; any other version is a VersionNotSupportedError.
 */
final class A2aVersion {

  static final String HEADER = "A2A-Version";
  static final String CURRENT = "1.0";
  static final String LEGACY = "0.3";

  private A2aVersion() {
  }

  static void check(RoutingContext ctx) {
    String version = ctx.request().getHeader(HEADER);
    if (version == null) {
      version = ctx.request().getParam(HEADER);
    }
    if (version == null || version.isBlank()) {
      return;
    }
    String trimmed = version.trim();
    String majorMinor = trimmed.chars().filter(c -> c == '.').count() >= 2
        ? trimmed.substring(0, trimmed.lastIndexOf('.')) : trimmed;
    if (!majorMinor.equals(CURRENT) && !majorMinor.equals("1") && !majorMinor.equals(LEGACY)) {
      throw A2aError.versionNotSupported(trimmed.length() > 32 ? trimmed.substring(0, 32) : trimmed);
    }
  }
}
