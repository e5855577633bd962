package dev.sundae.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one definition of a tenant's Keycloak realm (its OIDC issuer) as Sundae's own setups make it:
 * the four {@link CallerRole}s, a confidential client {@value #REGISTER} whose service account is a
 * register, the public clients {@value #COMMUNITY} (members' apps) and {@value #DASHBOARD}
 * (analysts), each putting the Tenant's audience in its access tokens, and, when given a password,
 * the sample people the demo and the end-to-end tests sign in as ({@link #PEOPLE}).
 *
 * <p>Rendered as Keycloak's realm representation (what {@code kc.sh import} and {@code POST
 * /admin/realms} read). docker compose imports its rendering with {@code ${VAR}} placeholders
 * (hack/compose/keycloak/, checked against this class by {@code ComposeRealmsIT}); the local run
 * and kind post it through {@code hack/local/keycloak-realms.sh}, which runs {@link #main}; the
 * services' tests import it into the test run's Keycloak. A chain bringing its own issuer needs
 * only what this class states: the roles in the Tenant's roles claim and the audience.
 */
public final class TenantRealm {

  /** The registers' confidential client (client credentials grant). */
  public static final String REGISTER = "register";

  /** The community members' public client. */
  public static final String COMMUNITY = "community";

  /** The chain analysts' public client. */
  public static final String DASHBOARD = "dashboard";

  /** How long an access token lasts unless the caller says otherwise. */
  public static final Duration TOKEN_LIFESPAN = Duration.ofMinutes(15);

  /**
   * A sample person of the realm.
   *
   * @param username the name they sign in with
   * @param roles the roles the realm grants them
   */
  public record Person(String username, Set<CallerRole> roles) {}

  /**
   * The sample people: members ana and ben (ben moderates too), the analyst carla, and the contract
   * fuzzer's own member and moderator, so that what it does (bans, blocks, spent rate limits) never
   * reaches the people the other tests use.
   */
  public static final List<Person> PEOPLE =
      List.of(
          new Person("ana", Set.of(CallerRole.MEMBER)),
          new Person("ben", Set.of(CallerRole.MEMBER, CallerRole.MODERATOR)),
          new Person("carla", Set.of(CallerRole.ANALYST)),
          new Person("fuzz-member", Set.of(CallerRole.MEMBER)),
          new Person("fuzz-moderator", Set.of(CallerRole.MEMBER, CallerRole.MODERATOR)));

  private TenantRealm() {}

  /**
   * Where Sundae's web apps are served ({@code https://host[:port]}, no path): the register's
   * client takes token requests from the gateway's origins (CORS), and the dashboard's and the
   * community's clients sign people in by the authorization code flow with PKCE (S256 required) and
   * send them back to their app's path only.
   *
   * @param gateway the origins of the gateway (the register, the dashboard)
   * @param chat the origins of the chat (the community app)
   */
  public record AppOrigins(List<String> gateway, List<String> chat) {

    /** No app: the clients take no browser's requests. */
    public static final AppOrigins NONE = new AppOrigins(List.of(), List.of());

    public AppOrigins {
      gateway = List.copyOf(gateway);
      chat = List.copyOf(chat);
    }

    /** From space-separated lists, as hack/local/keycloak-realms.sh passes them. */
    public static AppOrigins parse(String gateway, String chat) {
      return new AppOrigins(words(gateway), words(chat));
    }

    private static List<String> words(String value) {
      return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
  }

  /**
   * The realm {@code realm} of a tenant whose tokens must carry {@code audience}, without sample
   * people.
   */
  public static Map<String, Object> representation(
      String realm, String audience, String registerSecret, Duration tokenLifespan) {
    return representation(realm, audience, registerSecret, tokenLifespan, Optional.empty());
  }

  /**
   * As {@link #representation(String, String, String, Duration)}, with the {@link #PEOPLE} signing
   * in with {@code peoplePassword} when there is one.
   */
  public static Map<String, Object> representation(
      String realm,
      String audience,
      String registerSecret,
      Duration tokenLifespan,
      Optional<String> peoplePassword) {
    return representation(
        realm, audience, registerSecret, tokenLifespan, peoplePassword, AppOrigins.NONE);
  }

  /**
   * As {@link #representation(String, String, String, Duration, Optional)}, with the apps' clients
   * open to the apps served at {@code apps}.
   */
  public static Map<String, Object> representation(
      String realm,
      String audience,
      String registerSecret,
      Duration tokenLifespan,
      Optional<String> peoplePassword,
      AppOrigins apps) {
    List<Object> users = new ArrayList<>();
    Map<String, Object> representation = new LinkedHashMap<>();
    representation.put("realm", realm);
    representation.put("enabled", true);
    representation.put("accessTokenLifespan", tokenLifespan.toSeconds());
    representation.put(
        "clients",
        List.of(
            client(
                REGISTER,
                "the cash registers of " + realm,
                audience,
                Optional.of(registerSecret),
                apps.gateway(),
                Optional.empty()),
            client(
                COMMUNITY,
                "the audio community of " + realm,
                audience,
                Optional.empty(),
                apps.chat(),
                Optional.of("/apps/community/")),
            client(
                DASHBOARD,
                "the analysts' dashboard of " + realm,
                audience,
                Optional.empty(),
                apps.gateway(),
                Optional.of("/apps/dashboard/"))));
    peoplePassword.ifPresent(
        password -> {
          for (Person person : PEOPLE) {
            users.add(person(realm, person, password));
          }
        });
    Map<String, Object> serviceAccount = new LinkedHashMap<>();
    serviceAccount.put("username", "service-account-" + REGISTER);
    serviceAccount.put("enabled", true);
    serviceAccount.put("serviceAccountClientId", REGISTER);
    serviceAccount.put("realmRoles", List.of(CallerRole.REGISTER.roleName()));
    users.add(serviceAccount);
    representation.put("users", users);
    List<Object> roles = new ArrayList<>();
    for (CallerRole role : CallerRole.values()) {
      roles.add(ordered("name", role.roleName(), "description", role.description()));
    }
    representation.put("roles", ordered("realm", roles));
    return representation;
  }

  /** The representation as indented JSON, as the files Keycloak imports are written. */
  public static String json(Map<String, Object> representation) {
    try {
      return JSON.writeValueAsString(representation) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param origins the web origins of the app that uses the client
   * @param appPath the app's path on those origins, where a person's sign-in returns to (the
   *     authorization code flow with PKCE); empty for a client of no person
   */
  private static Map<String, Object> client(
      String clientId,
      String name,
      String audience,
      Optional<String> secret,
      List<String> origins,
      Optional<String> appPath) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("name", name);
    client.put("enabled", true);
    client.put("publicClient", secret.isEmpty());
    secret.ifPresent(s -> client.put("secret", s));
    boolean signsPeopleIn = appPath.isPresent() && !origins.isEmpty();
    client.put("standardFlowEnabled", signsPeopleIn);
    // people sign in through the public clients (the apps by code + PKCE; the test suites by the
    // password grant, which no app uses); a register through its service account only
    client.put("directAccessGrantsEnabled", secret.isEmpty());
    client.put("serviceAccountsEnabled", secret.isPresent());
    client.put("webOrigins", origins);
    List<String> returns = new ArrayList<>();
    appPath.ifPresent(path -> origins.forEach(origin -> returns.add(origin + path + "*")));
    client.put("redirectUris", returns);
    if (signsPeopleIn) {
      client.put(
          "attributes",
          ordered(
              "pkce.code.challenge.method",
              "S256",
              "post.logout.redirect.uris",
              String.join("##", returns)));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("included.custom.audience", audience);
    config.put("access.token.claim", "true");
    config.put("id.token.claim", "false");
    Map<String, Object> mapper = new LinkedHashMap<>();
    mapper.put("name", "audience " + audience);
    mapper.put("protocol", "openid-connect");
    mapper.put("protocolMapper", "oidc-audience-mapper");
    mapper.put("config", config);
    client.put("protocolMappers", List.of(mapper));
    return client;
  }

  private static Map<String, Object> person(String realm, Person person, String password) {
    String name = person.username();
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", name);
    user.put("enabled", true);
    user.put("emailVerified", true);
    user.put("firstName", capitalized(name));
    user.put("lastName", capitalized(realm));
    user.put("email", name + "@" + realm + ".example");
    user.put("requiredActions", List.of());
    user.put(
        "credentials", List.of(ordered("type", "password", "temporary", false, "value", password)));
    user.put("realmRoles", person.roles().stream().sorted().map(CallerRole::roleName).toList());
    return user;
  }

  /**
   * A map that keeps the order its entries are given in ({@code Map.of} changes it from one JVM to
   * the next), so that a rendering is the same every time.
   */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String capitalized(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /**
   * What Keycloak's partial import of an existing realm adds from {@code representation}: its
   * roles, clients and users, skipping those the realm has (a realm of an earlier run gets what it
   * lacks and keeps the rest, its secrets included).
   */
  public static Map<String, Object> partialImport(Map<String, Object> representation) {
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("ifResourceExists", "SKIP");
    for (String part : List.of("roles", "clients", "users")) {
      partial.put(part, representation.get(part));
    }
    return partial;
  }

  /**
   * Prints the realm of tenant {@code args[0]} as JSON, for {@code hack/local/keycloak-realms.sh}:
   * whole, or with {@code --partial-import} as {@link #partialImport}. Its audience is {@code
   * args[1]}, the register's secret is read from {@code SUNDAE_REGISTER_SECRET} and the sample
   * people's password, when they are wanted, from {@code SUNDAE_MEMBER_PASSWORD} (variables, so
   * that no secret shows in a process list), the apps' origins from {@code SUNDAE_GATEWAY_ORIGINS}
   * and {@code SUNDAE_CHAT_ORIGINS} ({@link AppOrigins#parse}).
   */
  public static void main(String[] args) {
    boolean partial = args.length == 3 && args[2].equals("--partial-import");
    if (args.length != 2 && !partial) {
      System.err.println("usage: TenantRealm REALM AUDIENCE [--partial-import]");
      System.exit(2);
    }
    String secret = System.getenv("SUNDAE_REGISTER_SECRET");
    if (secret == null || secret.isBlank()) {
      System.err.println("TenantRealm: set SUNDAE_REGISTER_SECRET (the register client's secret)");
      System.exit(2);
    }
    Optional<String> password =
        Optional.ofNullable(System.getenv("SUNDAE_MEMBER_PASSWORD")).filter(p -> !p.isBlank());
    AppOrigins apps =
        AppOrigins.parse(
            System.getenv("SUNDAE_GATEWAY_ORIGINS"), System.getenv("SUNDAE_CHAT_ORIGINS"));
    Map<String, Object> realm =
        representation(args[0], args[1], secret, TOKEN_LIFESPAN, password, apps);
    System.out.print(json(partial ? partialImport(realm) : realm));
  }
}
