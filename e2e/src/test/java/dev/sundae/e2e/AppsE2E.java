package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sundae.e2e.support.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web apps in a real browser: {@code apps/browser-tests/<app>.test.ts} (Debian's Chromium
 * driven by playwright-core, accessibility checked by axe-core, screenshots written to {@code
 * apps/screenshots/}) against the platform under test, one app per case, through the apps' own
 * runner ({@code npm run test:browser}) so that a developer runs exactly what CI runs. On the local
 * target only: its realms are told the apps' origins (TenantRealm.AppOrigins), which compose's and
 * kind's realms are not yet.
 */
class AppsE2E {

  private static final Path APPS = Path.of("..", "apps").toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"register", "dashboard", "community"})
  void theAppWorksInARealBrowser(String app) throws Exception {
    Platform platform = Platform.get();
    assumeTrue(
        platform.target().equals("local"),
        "the apps' browser tests run against the local platform only");
    Path log = Files.createTempFile("browser-" + app, ".log");
    ProcessBuilder browserTests =
        new ProcessBuilder("node", "browser-tests/run.mjs", "browser-tests/" + app + ".test.ts")
            .directory(APPS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    browserTests
        .environment()
        .put("SUNDAE_E2E_STATE", Path.of(System.getProperty("sundae.e2e.state")).toString());
    Process run = browserTests.start();
    run.getOutputStream().close();
    boolean ended = run.waitFor(20, TimeUnit.MINUTES);
    if (!ended) {
      run.destroyForcibly();
    }
    String output = read(log);
    System.out.println(output);
    assertThat(ended).as("the browser tests of %s ended within 20 minutes", app).isTrue();
    assertThat(run.exitValue()).as(output).isZero();
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
