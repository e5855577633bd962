package dev.sundae.tenancy;

import java.util.List;

/**
 * Everything a service needs to serve one tenant. In Kubernetes it comes from the Tenant resource
 * and its credentials Secret; outside it, from configuration ({@code sundae.tenants[...]}).
 *
 * @param environment the Environment's name
 * @param name the Tenant's name
 * @param issuer the OIDC issuer whose tokens belong to this tenant
 * @param audience the audience its tokens must carry
 * @param rolesClaim where its tokens carry the caller's roles ({@link CallerRole}); blank means
 *     {@link CallerRole#DEFAULT_CLAIM}
 * @param flavours the flavour catalogue; the model's labels file names its outputs, and those that
 *     are in the catalogue are recommended
 * @param storage the tenant's bucket and the keys that open it (and nothing else)
 * @param queue the tenant's queue of object-created events
 * @param database the tenant's schema and the role that owns it
 * @param model the recommendation model and a candidate on trial
 * @param holdout the share of register sessions shown a baseline instead of the model, so that the
 *     chain can measure what the model adds ({@link Arms}); null means none
 * @param learning the policy that re-ranks the model's candidates from the chain's purchases; null
 *     means none: the model's ranking as it is
 * @param looks how the flavours show on the apps' screens (their names for people, their colours);
 *     null or incomplete where a service shows none (the workers), see {@link #catalogue()}
 */
public record TenantConfig(
    String environment,
    String name,
    String issuer,
    String audience,
    String rolesClaim,
    List<String> flavours,
    Storage storage,
    Queue queue,
    Database database,
    Model model,
    Holdout holdout,
    Learning learning,
    List<Look> looks) {

  public TenantConfig {
    if (rolesClaim == null || rolesClaim.isBlank()) {
      rolesClaim = CallerRole.DEFAULT_CLAIM;
    }
  }

  /** {@link #holdout()}, or {@link Holdout#NONE} when it is null. */
  public Holdout holdoutOrNone() {
    return holdout == null ? Holdout.NONE : holdout;
  }

  /**
   * The catalogue as the apps show it: each flavour of {@link #flavours()} in its order, with its
   * {@link #looks()} entry, or its name and no colour when it has none.
   */
  public List<Look> catalogue() {
    java.util.Map<String, Look> byName = new java.util.HashMap<>();
    if (looks != null) {
      looks.forEach(look -> byName.put(look.name(), look));
    }
    return flavours.stream().map(f -> byName.getOrDefault(f, new Look(f, f, null))).toList();
  }

  /**
   * How a flavour shows on a screen (the Tenant's spec.flavours).
   *
   * @param name the flavour
   * @param displayName its name for people; blank for the name
   * @param colour {@code #rrggbb}, or null
   */
  public record Look(String name, String displayName, String colour) {
    public Look {
      if (displayName == null || displayName.isBlank()) {
        displayName = name;
      }
    }
  }

  /** {@link #learning()}, or {@link Learning#NONE} when it is null. */
  public Learning learningOrNone() {
    return learning == null ? Learning.NONE : learning;
  }

  public record Storage(
      String endpoint, String region, String bucket, String accessKey, String secretKey) {

    /** The region of a store that names none (MinIO's default, AWS's oldest). */
    public static final String DEFAULT_REGION = "us-east-1";

    /** {@link #region()}, or {@link #DEFAULT_REGION} when it is blank. */
    public String regionOrDefault() {
      return region == null || region.isBlank() ? DEFAULT_REGION : region;
    }

    @Override
    public String toString() {
      return "Storage[endpoint="
          + endpoint
          + ", bucket="
          + bucket
          + ", accessKey="
          + accessKey
          + "]";
    }
  }

  public record Queue(String endpoint, String region, String url, String deadLetterUrl) {}

  public record Database(String jdbcUrl, String schema, String username, String password) {
    @Override
    public String toString() {
      return "Database[jdbcUrl=" + jdbcUrl + ", schema=" + schema + ", username=" + username + "]";
    }
  }

  /**
   * The recommendation model.
   *
   * @param uri where it is; blank for the bundled reference model
   * @param version recorded with every recommendation it serves
   * @param candidate a version on trial beside it; null, or one without a version, for none
   */
  public record Model(String uri, String version, Candidate candidate) {

    /** {@link #candidate()} when it names a version. */
    public java.util.Optional<Candidate> candidateOrNone() {
      return candidate == null || candidate.version() == null || candidate.version().isBlank()
          ? java.util.Optional.empty()
          : java.util.Optional.of(candidate);
    }
  }

  /**
   * A model version on trial: as a canary it serves {@code percent} of the model arm's sessions
   * ({@link Arms#candidate}); in shadow mode it scores every frame and its ranking is logged, never
   * shown. The bounds are those of the Tenant's spec.inference.candidate.
   *
   * @param uri where it is, as {@link Model#uri()}
   * @param version recorded with what it scores
   * @param mode canary or shadow; null for canary
   * @param percent 1 to {@link #MAX_PERCENT}, canary only; null for {@link #DEFAULT_PERCENT}
   */
  public record Candidate(String uri, String version, Mode mode, Integer percent) {

    public static final int DEFAULT_PERCENT = 10;
    public static final int MAX_PERCENT = 50;

    /** How a candidate meets the customers. */
    public enum Mode {
      CANARY,
      SHADOW
    }

    public Candidate {
      if (mode == null) {
        mode = Mode.CANARY;
      }
      if (percent == null) {
        percent = DEFAULT_PERCENT;
      }
      if (percent < 1 || percent > MAX_PERCENT) {
        throw new IllegalArgumentException(
            "candidate percent " + percent + " is not within 1 to " + MAX_PERCENT);
      }
    }
  }

  /**
   * The control arm of the tenant's recommendations.
   *
   * @param percent 0 to {@link #MAX_PERCENT}: the share of register sessions in the holdout arm
   * @param bestSellerDays the holdout arm is shown the chain's best sellers of this many days (then
   *     the rest of the catalogue in its order); null for {@link #DEFAULT_BEST_SELLER_DAYS}
   */
  public record Holdout(Integer percent, Integer bestSellerDays) {

    public static final int MAX_PERCENT = 50;
    public static final int DEFAULT_BEST_SELLER_DAYS = 28;
    public static final Holdout NONE = new Holdout(0, DEFAULT_BEST_SELLER_DAYS);

    public Holdout {
      if (percent == null) {
        percent = 0;
      }
      if (bestSellerDays == null) {
        bestSellerDays = DEFAULT_BEST_SELLER_DAYS;
      }
      if (percent < 0 || percent > MAX_PERCENT) {
        throw new IllegalArgumentException(
            "holdout percent " + percent + " is not within 0 to " + MAX_PERCENT);
      }
      if (bestSellerDays < 1) {
        throw new IllegalArgumentException("holdout best-seller days must be at least 1");
      }
    }
  }

  /**
   * The policy that chooses the flavour a recommendation shows first among the model's candidates,
   * learning from what the chain's customers buy (an epsilon-greedy contextual bandit; see the
   * inference service's {@code Policy}).
   *
   * @param explorationPercent 0 to {@link #MAX_EXPLORATION_PERCENT}: the share of recommendations
   *     whose first flavour is drawn uniformly from the candidates rather than the policy's best; 0
   *     (or null) turns learning off and shows the model's ranking
   */
  public record Learning(Integer explorationPercent) {

    public static final int MAX_EXPLORATION_PERCENT = 20;
    public static final Learning NONE = new Learning(0);

    public Learning {
      if (explorationPercent == null) {
        explorationPercent = 0;
      }
      if (explorationPercent < 0 || explorationPercent > MAX_EXPLORATION_PERCENT) {
        throw new IllegalArgumentException(
            "learning exploration percent "
                + explorationPercent
                + " is not within 0 to "
                + MAX_EXPLORATION_PERCENT);
      }
    }

    /** Whether the tenant learns at all. */
    public boolean enabled() {
      return explorationPercent > 0;
    }
  }
}
