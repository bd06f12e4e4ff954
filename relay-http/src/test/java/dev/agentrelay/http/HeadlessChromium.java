package dev.agentrelay.http;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} and {@code chromium-driver}, headless, for the browser tests. Both are found at fixed
 * paths (or {@code CHROMIUM_BIN} / {@code CHROMEDRIVER_BIN}) so that Selenium Manager never looks for, or
 * downloads, a browser. Without them a developer's run skips the browser tests with a reason in the log; a CI
 * run ({@code CI=true}) fails instead, so a missing browser can never pass unnoticed.
 */
final class HeadlessChromium {

  private static final Logger LOG = Logger.getLogger(HeadlessChromium.class.getName());

  private HeadlessChromium() {
  }

  static ChromeDriver start() {
    Path browser = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    Path driver = Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
    List<Path> missing = List.of(browser, driver).stream().filter(p -> !Files.isExecutable(p)).toList();
    if (!missing.isEmpty()) {
      String reason = "the browser tests need Debian's chromium and chromium-driver (missing: " + missing
          + "); install them with: apt-get install -y chromium chromium-driver";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI=true and " + reason);
      }
      LOG.warning("skipping: " + reason);
      Assumptions.abort("skipped: " + reason);
    }
    ChromeOptions options = new ChromeOptions()
        .setBinary(browser.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1280,900", "--no-first-run", "--disable-extensions", "--disable-background-networking");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(driver.toString()))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }
}
