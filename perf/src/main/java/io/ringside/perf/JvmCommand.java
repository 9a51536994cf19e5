package io.ringside.perf;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: this JVM's java, the flags Aeron and Agrona need (taken from this JVM's own
 * arguments), a class path and a main class.
 */
public final class JvmCommand
{
    private JvmCommand()
    {
    }

    public static List<String> of(
        final String classPath, final List<String> jvmArgs, final String mainClass, final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-opens") || arg.startsWith("--enable-native-access"))
            {
                command.add(arg);
            }
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * With this JVM's own class path.
     */
    public static List<String> of(final String mainClass, final String... args)
    {
        return of(System.getProperty("java.class.path"), List.of(), mainClass, List.of(args));
    }
}
