package dev.sundae.testing;

import dev.sundae.testing.kubernetes.ControlPlanePki;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the servers Sundae runs outside a cluster are started, once: the tests' servers ({@code
 * KeycloakServer}, {@code MinioServer}, {@code PostgresServer}, {@code KubeControlPlane}: etcd,
 * kube-apiserver, kube-controller-manager) start with these command lines, and {@code
 * hack/run-local.sh} asks {@link #main} for the same ones, adding only what is its own (fixed
 * ports, its state folder, TLS with its CA). The binaries are those hack/bootstrap.sh built ({@link
 * Tools}).
 */
public final class ServerCommands {

  /** The controllers a node-less cluster can use; the rest wait for nodes that never come. */
  public static final String CONTROLLERS =
      "garbage-collector-controller,namespace-controller,deployment-controller,"
          + "replicaset-controller,horizontal-pod-autoscaler-controller,"
          + "serviceaccount-controller,resourcequota-controller";

  /**
   * A server's certificate and key (PEM files).
   *
   * @param certificate the certificate chain
   * @param key its private key
   */
  public record Tls(Path certificate, Path key) {}

  private ServerCommands() {}

  /**
   * Keycloak on 127.0.0.1 with one node's cache and an H2 database in {@code data}: HTTP on {@code
   * port}, or only HTTPS there with {@code tls}; health on {@code managementPort} (plain HTTP).
   */
  public static List<String> keycloak(
      Tools tools, int port, int managementPort, Path data, Optional<Tls> tls) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(tools.value("keycloak.home")).resolve("bin/kc.sh").toString());
    command.add("start");
    command.add("--optimized");
    // one node: no JGroups cluster, whose stale member of a killed run delays a restart
    command.add("--cache=local");
    command.add("--http-host=127.0.0.1");
    if (tls.isPresent()) {
      command.add("--http-enabled=false");
      command.add("--https-port=" + port);
      command.add("--https-certificate-file=" + tls.get().certificate());
      command.add("--https-certificate-key-file=" + tls.get().key());
      command.add("--http-management-scheme=http");
    } else {
      command.add("--http-enabled=true");
      command.add("--http-port=" + port);
    }
    command.add("--http-management-port=" + managementPort);
    command.add("--hostname-strict=false");
    command.add("--db-url=jdbc:h2:file:" + data.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE");
    return command;
  }

  /**
   * What Keycloak's start script reads besides its arguments: the bootstrap administrator's name
   * ({@code KC_BOOTSTRAP_ADMIN_PASSWORD} is the caller's), the heap, and its Java.
   */
  public static Map<String, String> keycloakEnvironment(Tools tools, String adminUser) {
    return Map.of(
        "KC_BOOTSTRAP_ADMIN_USERNAME",
        adminUser,
        "JAVA_OPTS_KC_HEAP",
        "-Xms64m -Xmx512m",
        "JAVA_HOME",
        tools.value("keycloak.java.home"));
  }

  /**
   * MinIO on 127.0.0.1:{@code port} keeping its objects in {@code data}; with {@code
   * certsDirectory} (its {@code public.crt}, {@code private.key} and {@code CAs/}) it serves only
   * HTTPS.
   */
  public static List<String> minio(
      Tools tools, int port, Path data, Optional<Path> certsDirectory) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            tools.binary("minio").toString(),
            "server",
            "--quiet",
            "--address",
            "127.0.0.1:" + port));
    certsDirectory.ifPresent(
        directory -> command.addAll(List.of("--certs-dir", directory.toString())));
    command.add(data.toString());
    return command;
  }

  /**
   * What MinIO reads besides its arguments, but for its root password, its KMS and its event
   * targets, which are the caller's: the root user's name, no console, no update checks.
   */
  public static Map<String, String> minioEnvironment(String rootUser) {
    return Map.of("MINIO_ROOT_USER", rootUser, "MINIO_BROWSER", "off", "MINIO_UPDATE", "off");
  }

  /** A new PostgreSQL cluster in {@code data}, its superuser's password read from a file. */
  public static List<String> initdb(Tools tools, Path data, String superuser, Path passwordFile) {
    return List.of(
        Path.of(tools.value("postgres.bin")).resolve("initdb").toString(),
        "--pgdata=" + data,
        "--username=" + superuser,
        "--pwfile=" + passwordFile,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C.UTF-8");
  }

  /**
   * PostgreSQL on 127.0.0.1:{@code port} (no fsync: test and laptop data), with a Unix socket in
   * {@code socketDirectory} when one is given; with {@code tls}, TLS on and the clients {@code
   * hbaFile} admits.
   */
  public static List<String> postgres(
      Tools tools,
      Path data,
      int port,
      Optional<Path> socketDirectory,
      Optional<Tls> tls,
      Optional<Path> hbaFile) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(tools.value("postgres.bin")).resolve("postgres").toString());
    command.addAll(List.of("-D", data.toString(), "-p", Integer.toString(port)));
    setting(command, "listen_addresses=127.0.0.1");
    setting(command, "unix_socket_directories=" + socketDirectory.map(Path::toString).orElse(""));
    setting(command, "fsync=off");
    setting(command, "max_connections=200");
    tls.ifPresent(
        t -> {
          setting(command, "ssl=on");
          setting(command, "ssl_cert_file=" + t.certificate());
          setting(command, "ssl_key_file=" + t.key());
        });
    hbaFile.ifPresent(file -> setting(command, "hba_file=" + file));
    return command;
  }

  private static void setting(List<String> command, String setting) {
    command.add("-c");
    command.add(setting);
  }

  /**
   * ElasticMQ's own server ({@code org.elasticmq.server.Main} of elasticmq-server, whose class path
   * the caller resolves) with the project's one configuration ({@code
   * hack/elasticmq/elasticmq.conf}) and a small heap. The tests run the same configuration in their
   * JVM ({@code ElasticMqServer}).
   */
  public static List<String> elasticmq(String classpath, Path config) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-Dconfig.file=" + config,
        "-cp",
        classpath,
        "org.elasticmq.server.Main");
  }

  /**
   * The values {@code hack/elasticmq/elasticmq.conf} reads from its environment: the address its
   * queue URLs name ({@code protocol}://{@code host}:{@code port}), the loopback port it serves
   * plain HTTP on, the region in its ARNs, and with {@code data} the folder that keeps its queues
   * and messages across restarts.
   */
  public static Map<String, String> elasticmqEnvironment(
      String protocol, String host, int port, int bindPort, String region, Optional<Path> data) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("SUNDAE_SQS_PROTOCOL", protocol);
    environment.put("SUNDAE_SQS_HOST", host);
    environment.put("SUNDAE_SQS_PORT", Integer.toString(port));
    environment.put("SUNDAE_SQS_BIND_PORT", Integer.toString(bindPort));
    environment.put("SUNDAE_SQS_REGION", region);
    data.ifPresent(
        folder -> {
          environment.put("SUNDAE_SQS_DATA", folder.toString());
          environment.put("SUNDAE_SQS_PERSIST", "true");
        });
    return environment;
  }

  /** KES, MinIO's KMS, with the project's one configuration ({@code hack/kes/config.yml}). */
  public static List<String> kes(Tools tools, Path config) {
    return List.of(tools.binary("kes").toString(), "server", "--config", config.toString());
  }

  /**
   * The values {@code hack/kes/config.yml} reads from its environment, which each place that runs
   * KES (the tests, the local run, compose, kind) gives: where it listens, its server certificate,
   * the one client it serves (MinIO, known by the hash of its certificate's key, {@code kes
   * identity of}), its key folder, and how long a key stays cached after it is removed.
   */
  public static Map<String, String> kesEnvironment(
      String address, Tls tls, String minioIdentity, Path keyStore, String cacheExpiry) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("SUNDAE_KES_ADDRESS", address);
    environment.put("SUNDAE_KES_TLS_CERT", tls.certificate().toString());
    environment.put("SUNDAE_KES_TLS_KEY", tls.key().toString());
    environment.put("SUNDAE_KES_MINIO_IDENTITY", minioIdentity);
    environment.put("SUNDAE_KES_CACHE_EXPIRY", cacheExpiry);
    environment.put("SUNDAE_KES_KEYSTORE", keyStore.toString());
    return environment;
  }

  /**
   * A single-member etcd for tests and a laptop (no fsync) serving clients on 127.0.0.1:{@code
   * port} and its peer port on {@code peerPort}, keeping its data in {@code data}.
   */
  public static List<String> etcd(Tools tools, Path data, int port, int peerPort) {
    String client = "http://127.0.0.1:" + port;
    String peer = "http://127.0.0.1:" + peerPort;
    return List.of(
        tools.binary("etcd").toString(),
        "--name=local",
        "--data-dir=" + data,
        "--unsafe-no-fsync",
        "--listen-client-urls=" + client,
        "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer,
        "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=local=" + peer,
        "--listen-metrics-urls=");
  }

  /**
   * kube-apiserver on 127.0.0.1:{@code port} over the etcd on {@code etcdPort}, with the {@code
   * pki}'s certificates: clients authenticate with certificates of its CA or service-account
   * tokens, RBAC decides. No ServiceAccount admission (no token controller runs) and no endpoint
   * reconciler (no nodes, so no address to publish for the kubernetes Service).
   */
  public static List<String> kubeApiServer(
      Tools tools, ControlPlanePki pki, int port, int etcdPort) {
    return List.of(
        tools.binary("kube-apiserver").toString(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + port,
        "--tls-cert-file=" + pki.apiServerCertificate(),
        "--tls-private-key-file=" + pki.apiServerKey(),
        "--client-ca-file=" + pki.ca(),
        "--authorization-mode=RBAC",
        "--service-account-issuer=https://kubernetes.default.svc",
        "--service-account-key-file=" + pki.serviceAccountPublicKey(),
        "--service-account-signing-key-file=" + pki.serviceAccountKey(),
        "--service-cluster-ip-range=10.0.0.0/24",
        "--allow-privileged=true",
        "--disable-admission-plugins=ServiceAccount",
        "--endpoint-reconciler-type=none");
  }

  /**
   * kube-controller-manager for a node-less cluster: the {@link #CONTROLLERS} it can use, reacting
   * within seconds rather than its defaults, serving its health on 127.0.0.1:{@code port}.
   */
  public static List<String> controllerManager(
      Tools tools, Path kubeconfig, int port, Path certDirectory) {
    return List.of(
        tools.binary("kube-controller-manager").toString(),
        "--kubeconfig=" + kubeconfig,
        "--controllers=" + CONTROLLERS,
        "--leader-elect=false",
        "--bind-address=127.0.0.1",
        "--secure-port=" + port,
        "--cert-dir=" + certDirectory,
        "--concurrent-gc-syncs=5",
        "--namespace-sync-period=5s",
        "--horizontal-pod-autoscaler-sync-period=5s");
  }

  /**
   * Prints one server's command line, each word ended by a NUL (bash: {@code mapfile -d ''}), for
   * hack/run-local.sh:
   *
   * <pre>
   * keycloak port=P management-port=M data=DIR admin=NAME [tls-cert=F tls-key=F]
   * minio port=P data=DIR root-user=NAME [certs-dir=DIR]
   *     (these two print their environment first, as NAME=value words)
   * initdb data=DIR superuser=NAME password-file=F
   * postgres data=DIR port=P [tls-cert=F tls-key=F] [hba=F]
   * elasticmq config=F classpath=CP protocol=http|https host=H port=P bind-port=P region=R [data=DIR]
   *     (its environment first, as NAME=value words)
   * kes config=F address=HOST:P tls-cert=F tls-key=F minio-identity=HASH keystore=DIR cache-expiry=D
   *     (its environment first, as NAME=value words)
   * etcd data=DIR port=P peer-port=P
   * kube-apiserver pki=DIR port=P etcd-port=P
   * kube-controller-manager kubeconfig=F port=P cert-dir=DIR
   * kube-pki dir=DIR   (makes the control plane's certificates there, unless made; prints nothing)
   * </pre>
   */
  public static void main(String[] args) {
    if (args.length == 0) {
      usage(
          "name the server: keycloak, minio, kes, elasticmq, initdb, postgres, etcd, kube-apiserver,"
              + " kube-controller-manager (or kube-pki)");
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      int equals = args[i].indexOf('=');
      if (equals < 1) {
        usage("options are NAME=value, not '" + args[i] + "'");
      }
      options.put(args[i].substring(0, equals), args[i].substring(equals + 1));
    }
    Tools tools = Tools.get();
    Optional<Tls> tls =
        options.containsKey("tls-cert")
            ? Optional.of(
                new Tls(Path.of(options.get("tls-cert")), Path.of(required(options, "tls-key"))))
            : Optional.empty();
    List<String> words = new ArrayList<>();
    switch (args[0]) {
      case "keycloak" -> {
        keycloakEnvironment(tools, required(options, "admin"))
            .forEach((name, value) -> words.add(name + "=" + value));
        words.addAll(
            keycloak(
                tools,
                port(options, "port"),
                port(options, "management-port"),
                Path.of(required(options, "data")),
                tls));
      }
      case "minio" -> {
        minioEnvironment(required(options, "root-user"))
            .forEach((name, value) -> words.add(name + "=" + value));
        words.addAll(
            minio(
                tools,
                port(options, "port"),
                Path.of(required(options, "data")),
                Optional.ofNullable(options.get("certs-dir")).map(Path::of)));
      }
      case "initdb" ->
          words.addAll(
              initdb(
                  tools,
                  Path.of(required(options, "data")),
                  required(options, "superuser"),
                  Path.of(required(options, "password-file"))));
      case "postgres" ->
          words.addAll(
              postgres(
                  tools,
                  Path.of(required(options, "data")),
                  port(options, "port"),
                  Optional.empty(),
                  tls,
                  Optional.ofNullable(options.get("hba")).map(Path::of)));
      case "elasticmq" -> {
        elasticmqEnvironment(
                required(options, "protocol"),
                required(options, "host"),
                port(options, "port"),
                port(options, "bind-port"),
                required(options, "region"),
                Optional.ofNullable(options.get("data")).map(Path::of))
            .forEach((name, value) -> words.add(name + "=" + value));
        words.addAll(
            elasticmq(required(options, "classpath"), Path.of(required(options, "config"))));
      }
      case "kes" -> {
        kesEnvironment(
                required(options, "address"),
                tls.orElseThrow(() -> usageError("kes needs tls-cert=... and tls-key=...")),
                required(options, "minio-identity"),
                Path.of(required(options, "keystore")),
                required(options, "cache-expiry"))
            .forEach((name, value) -> words.add(name + "=" + value));
        words.addAll(kes(tools, Path.of(required(options, "config"))));
      }
      case "etcd" ->
          words.addAll(
              etcd(
                  tools,
                  Path.of(required(options, "data")),
                  port(options, "port"),
                  port(options, "peer-port")));
      case "kube-apiserver" ->
          words.addAll(
              kubeApiServer(
                  tools,
                  new ControlPlanePki(Path.of(required(options, "pki"))),
                  port(options, "port"),
                  port(options, "etcd-port")));
      case "kube-pki" -> ControlPlanePki.ensure(Path.of(required(options, "dir")));
      case "kube-controller-manager" ->
          words.addAll(
              controllerManager(
                  tools,
                  Path.of(required(options, "kubeconfig")),
                  port(options, "port"),
                  Path.of(required(options, "cert-dir"))));
      default -> usage("no server '" + args[0] + "'");
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    for (String word : words) {
      out.print(word);
      out.print('\0');
    }
    out.flush();
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isEmpty()) {
      usage("missing option " + name + "=...");
    }
    return value;
  }

  private static int port(Map<String, String> options, String name) {
    try {
      return Integer.parseInt(required(options, name));
    } catch (NumberFormatException e) {
      usage(name + " must be a port number");
      return 0;
    }
  }

  private static void usage(String problem) {
    System.err.println("ServerCommands: " + problem);
    System.exit(2);
  }

  private static IllegalArgumentException usageError(String problem) {
    usage(problem);
    return new IllegalArgumentException(problem);
  }
}
