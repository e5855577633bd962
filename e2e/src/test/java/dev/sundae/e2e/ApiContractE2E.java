package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sundae.e2e.support.Platform;
import dev.sundae.testing.Tools;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenAPI specs the services serve, attacked by a contract fuzzer: schemathesis (PyPI, pinned
 * in hack/schemathesis/requirements.txt, installed by hack/bootstrap.sh) generates requests from
 * each spec, valid ones and ones that break it (wrong types, missing fields, bad encodings,
 * unexpected content types), and sends them with the token of each principal the realms hand out. A
 * 5xx, a status code or content type the spec does not list, or a body that does not match the
 * spec's schema fails the test, with schemathesis's report (each failure with a curl line to
 * reproduce it), and so does a request that breaks the spec (a value of the wrong type, a missing
 * field) answered with a 2xx. Runs against the local platform only: the same services run in
 * compose and kind.
 *
 * <p>It runs last ({@link Order}, junit-platform.properties) and as people of its own in the chat
 * ({@code fuzz-member}, {@code fuzz-moderator}): it spends rate limits, changes settings and bans
 * whom it can, which must reach neither the other classes nor a later run on the same state.
 */
@Order(Integer.MAX_VALUE)
class ApiContractE2E {

  private static final Platform platform = Platform.get();
  private static final String CHECKS =
      "not_a_server_error,status_code_conformance,content_type_conformance,"
          + "response_schema_conformance,negative_data_rejection";

  /** Examples per operation and phase: enough to reach every documented failure path. */
  private static final int EXAMPLES = 25;

  static Stream<Arguments> callers() {
    String tenant = platform.tenantNames().get(0);
    return Stream.of(
        caller("gateway", "register", p -> p.gateway().base(), p -> p.token(tenant)),
        caller("gateway", "analyst", p -> p.gateway().base(), p -> p.analystToken(tenant)),
        // people of its own (hack/local/keycloak-realms.sh): a moderator fuzzed with ben's
        // token banned ana, and every later run of ChatE2E on the same state failed
        caller(
            "chat",
            "member",
            p -> p.chat(tenant).base(),
            p -> p.memberToken(tenant, "fuzz-member")),
        caller(
            "chat",
            "moderator",
            p -> p.chat(tenant).base(),
            p -> p.memberToken(tenant, "fuzz-moderator")));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("callers")
  void answersEveryGeneratedRequestAsItsSpecSays(
      String api, String principal, Function<Platform, URI> base, Function<Platform, String> token)
      throws Exception {
    assumeTrue(
        platform.target().equals("local"),
        "the fuzzer runs against the local platform (same services, minutes per run)");
    URI url = base.apply(platform);
    Path reports = Path.of("target", "schemathesis", api + "-" + principal).toAbsolutePath();
    Files.createDirectories(reports);
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            Tools.get().binary("schemathesis").toString(),
            "run",
            url.resolve("/openapi.yaml").toString(),
            "--url",
            url.toString(),
            "--header",
            "Authorization: Bearer " + token.apply(platform),
            "--checks",
            CHECKS,
            "--max-examples",
            String.valueOf(EXAMPLES),
            "--phases",
            "examples,coverage,fuzzing",
            // one worker: CPython 3.11's AST recursion check trips on parallel schema compilation
            "--workers",
            "1",
            "--seed",
            "1",
            "--no-color",
            "--report",
            "junit",
            "--report-dir",
            reports.toString()));
    // the platform's HTTPS checked against its CA, never turned off
    platform.caFile().ifPresent(ca -> command.addAll(List.of("--tls-verify", ca.toString())));
    Path log = reports.resolve("output.txt");
    Process fuzzer =
        new ProcessBuilder(command)
            // schemathesis keeps a cache (.schemathesis/) in its working folder
            .directory(reports.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!fuzzer.waitFor(15, TimeUnit.MINUTES)) {
      fuzzer.destroyForcibly();
    }
    String output = read(log);

    assertThat(fuzzer.isAlive()).as("schemathesis still running after 15 minutes").isFalse();
    assertThat(fuzzer.exitValue()).as("schemathesis (%s):%n%s", log, output).isZero();
  }

  private static Arguments caller(
      String api,
      String principal,
      Function<Platform, URI> base,
      Function<Platform, String> token) {
    return Arguments.of(api, principal, base, token);
  }

  private static String read(Path log) throws IOException {
    String output = Files.readString(log, StandardCharsets.UTF_8);
    // the token is in no line schemathesis prints (it filters Authorization), but be sure
    return output.length() > 20_000 ? output.substring(output.length() - 20_000) : output;
  }
}
