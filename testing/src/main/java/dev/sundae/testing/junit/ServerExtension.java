package dev.sundae.testing.junit;

import dev.sundae.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts one real server before a test class, hands it to test methods and constructors as a
 * parameter, and stops it after the class (or, for slow servers, after the whole test run in this
 * JVM). When a test fails, it points at the server's log under {@code target/server-logs}.
 */
public abstract class ServerExtension<S extends TestServer>
    implements BeforeAllCallback, ParameterResolver, TestWatcher {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ServerExtension.class);

  private final Class<S> type;

  protected ServerExtension(Class<S> type) {
    this.type = type;
  }

  /** A new, not yet started server for the test class in {@code context}. */
  protected abstract S create(ExtensionContext context);

  /** True for servers slow to start, shared by every test class in the JVM. */
  protected boolean sharedAcrossClasses() {
    return false;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == type;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    List<Path> logs = server(context).logs();
    if (!logs.isEmpty()) {
      System.err.println(
          "[sundae-testing] " + context.getDisplayName() + " failed; server logs: " + logs);
    }
  }

  private S server(ExtensionContext context) {
    ExtensionContext owner = sharedAcrossClasses() ? context.getRoot() : classContext(context);
    return owner.getStore(NAMESPACE).computeIfAbsent(type, key -> start(owner), type);
  }

  private S start(ExtensionContext context) {
    S server = create(context);
    try {
      server.start();
      return server;
    } catch (Exception e) {
      server.close();
      throw new IllegalStateException(
          "Could not start " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }
}
