package dev.agentrelay.http.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentrelay.core.RelayVersion;
import dev.agentrelay.core.json.Json;
import dev.agentrelay.http.api.Responses;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 document of the REST API ({@code openapi.json} on the
 * class path), read once, with {@code info.version} set to this build's version. Public: it holds no secret.
 */
public final class OpenApiHandler implements Handler<RoutingContext> {

  static final String RESOURCE = "/openapi.json";

  /** Loaded when the first router is built; every HTTP instance serves the same bytes. */
  private static final byte[] DOCUMENT = load();

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", Responses.JSON).end(Buffer.buffer(DOCUMENT));
  }

  private static byte[] load() {
    try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      JsonNode doc = Json.MAPPER.readTree(in);
      ((ObjectNode) doc.get("info")).put("version", RelayVersion.VERSION);
      return Json.writeBytes(doc);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }
}
