package org.mpbridge.cli.roles;

/**
 * A scenario role written in Java by a user, run by {@code mpbridge role --class com.acme.MyRole
 * [--classpath JARS_OR_DIRS] [-- ARGS...]}. The class needs a public no-argument constructor.
 *
 * <pre>{@code
 * public final class Greeter implements Role {
 *     public int run(RoleContext context) throws Exception {
 *         try (Connection c = Client.connect(Address.parse(context.args().get(0)), null)) {
 *             c.send("hello");
 *             context.out("got " + PyRepr.repr(c.recv()));
 *         }
 *         return 0;
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Role {
    /** Plays the role; the return value is the process's exit code (0: done). */
    int run(RoleContext context) throws Exception;
}
