package dev.agentrelay.http.ui;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web dashboard at {@code /ui/}: static files from the jar's {@code ui/} resources, loaded without a key
 * (every data call the page makes carries the key its user enters). The headers allow only the page's own
 * scripts, styles and API calls, and no framing.
 */
public final class DashboardRoutes {

  public static final String PATH = "/ui/";
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private DashboardRoutes() {
  }

  public static void mount(Router router) {
    router.get(PATH + "*").handler(DashboardRoutes::secure)
        .handler(StaticHandler.create("ui").setCachingEnabled(false).setDirectoryListing(false)
            .setIncludeHidden(false));
  }

  private static void secure(RoutingContext ctx) {
    // the route matches the bare "/ui" too, where the page's relative links would not resolve
    if (!ctx.request().path().startsWith(PATH)) {
      ctx.redirect(PATH);
      return;
    }
    ctx.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cache-Control", "no-cache");
    ctx.next();
  }
}
